import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertDelivery } from "@/db/schema";
import { computeDeliveryRetryMs } from "../domain/alertmanager-payload";

/** A sender that dies mid-delivery leaves its claim; another takes the row after this long. */
export const DELIVERY_LEASE_MS = 60_000;

/** One POST of a webhook body; `ok` only for a 2xx answer, else the receiver's words. */
export type SendWebhook = (receiver: string, payload: string) => Promise<{ ok: true } | { ok: false; error: string }>;

/**
 * Sends the outbox's due notifications. Each row is claimed (its next attempt moved past the
 * lease) before sending, marked delivered only on 2xx, else retried with backoff. A sender
 * killed between the receiver's 2xx and the mark resends once after the lease: receivers
 * deduplicate by the payload's groupKey and fingerprint, as they do for Alertmanager's.
 */
export async function deliverAlertNotifications({ db, input }: { db: Db; input: { now: Date; send: SendWebhook; batch?: number } }): Promise<{ delivered: number; failed: number }> {
  const { now, send, batch = 20 } = input;
  const due = await db
    .select({ id: alertDelivery.id, receiver: alertDelivery.receiver, payload: alertDelivery.payload, attempts: alertDelivery.attempts, nextAttemptAt: alertDelivery.nextAttemptAt })
    .from(alertDelivery)
    .where(and(eq(alertDelivery.status, "pending"), lte(alertDelivery.nextAttemptAt, now)))
    .orderBy(asc(alertDelivery.nextAttemptAt), asc(alertDelivery.id))
    .limit(batch)
    .all();
  let delivered = 0;
  let failed = 0;
  for (const row of due) {
    const claimed = await db
      .update(alertDelivery)
      .set({ nextAttemptAt: new Date(now.getTime() + DELIVERY_LEASE_MS) })
      .where(and(eq(alertDelivery.id, row.id), eq(alertDelivery.status, "pending"), eq(alertDelivery.nextAttemptAt, row.nextAttemptAt)))
      .returning({ id: alertDelivery.id });
    if (claimed.length === 0) continue;
    const attempts = row.attempts + 1;
    const result = await send(row.receiver, row.payload);
    if (result.ok) {
      await db.update(alertDelivery).set({ status: "delivered", deliveredAt: now, attempts, lastError: null }).where(eq(alertDelivery.id, row.id)).run();
      delivered++;
    } else {
      await db
        .update(alertDelivery)
        .set({ attempts, lastError: result.error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + computeDeliveryRetryMs(attempts)) })
        .where(eq(alertDelivery.id, row.id))
        .run();
      failed++;
    }
  }
  return { delivered, failed };
}

/** The delivery log of one alert, oldest first. */
export function listAlertDeliveries({ db, input }: { db: Db; input: { alertId: number } }) {
  return db
    .select({ id: alertDelivery.id, receiver: alertDelivery.receiver, event: alertDelivery.event, status: alertDelivery.status, attempts: alertDelivery.attempts, lastError: alertDelivery.lastError, createdAt: alertDelivery.createdAt, deliveredAt: alertDelivery.deliveredAt })
    .from(alertDelivery)
    .where(eq(alertDelivery.alertId, input.alertId))
    .orderBy(asc(alertDelivery.id))
    .all();
}
