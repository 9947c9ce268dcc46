import { eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alert, alertDelivery, alertRule, alertTransition, cloud } from "@/db/schema";
import { DEFAULT_ALERT_RULES, evaluateAlerts, type AlertChange, type CloudReadings, type OpenAlert } from "../domain/alert-evaluation";
import { buildAlertmanagerPayload } from "../domain/alertmanager-payload";
import { scoreCloudHealth } from "../domain/health";
import { readHealthInput } from "./read-health-input";

/** Ships a rule for every signal; an operator's edits are kept (only missing signals are added). */
export async function ensureDefaultAlertRules({ db, input }: { db: Db; input: { now: Date } }): Promise<void> {
  await db
    .insert(alertRule)
    .values(DEFAULT_ALERT_RULES.map((r) => ({ ...r, updatedAt: input.now })))
    .onConflictDoNothing({ target: alertRule.signal })
    .run();
}

/** Webhook receivers (Alertmanager format) and the console's address for their links. */
export interface AlertNotifyConfig {
  receivers: readonly string[];
  externalUrl: string;
}

/**
 * The worker's alert tick: every rule against every enabled cloud's signals; the alerts'
 * changes, their transitions and the notifications owed to each receiver (the outbox) are
 * written in one transaction.
 */
export async function evaluateAlertsTick({ db, input }: { db: Db; input: { now: Date; notify?: AlertNotifyConfig } }): Promise<AlertChange[]> {
  const { now } = input;
  const rules = await db.select().from(alertRule).all();
  const clouds = await db.select({ id: cloud.id, name: cloud.name }).from(cloud).where(eq(cloud.enabled, true)).all();
  const readings: CloudReadings[] = [];
  for (const c of clouds) {
    const health = await readHealthInput(db, c.id, now);
    const signals = health ? scoreCloudHealth(health).signals : undefined;
    if (signals) readings.push({ cloudId: c.id, cloudName: c.name, signals });
  }
  return db.transaction(async (tx) => {
    const open: OpenAlert[] = await tx
      .select({ id: alert.id, ruleId: alert.ruleId, cloudId: alert.cloudId, state: alert.state, value: alert.value, pendingSince: alert.pendingSince, clearSince: alert.clearSince, silencedUntil: alert.silencedUntil })
      .from(alert)
      .where(ne(alert.state, "resolved"))
      .all()
      .then((rows) => rows.map((r) => ({ ...r, state: r.state as OpenAlert["state"] })));
    const changes = evaluateAlerts({ rules, clouds: readings, open, now });
    for (const change of changes) {
      const notified = await applyChange(tx, change, now);
      if (notified !== null && input.notify) await queueNotifications(tx, notified, input.notify, now);
    }
    return changes;
  });
}

/** Applies one change; returns the alert's id when receivers are owed a notification (it fired or resolved). */
async function applyChange(tx: Tx, change: AlertChange, now: Date): Promise<{ alertId: number; event: "firing" | "resolved" } | null> {
  switch (change.kind) {
    case "open": {
      const firing = change.state === "firing";
      const [row] = await tx
        .insert(alert)
        .values({ ruleId: change.ruleId, cloudId: change.cloudId, state: change.state, severity: change.severity, value: change.value, summary: change.summary, pendingSince: now, firedAt: firing ? now : null })
        .returning({ id: alert.id });
      if (!firing || !row) return null;
      await tx.insert(alertTransition).values({ alertId: row.id, at: now, fromState: null, toState: "firing" }).run();
      return { alertId: row.id, event: "firing" };
    }
    case "transition": {
      const set = {
        state: change.to,
        value: change.value,
        clearSince: change.clearSince,
        ...(change.summary !== null && change.to !== "resolved" ? { summary: change.summary } : {}),
        ...(change.to === "firing" ? { firedAt: now, silencedUntil: null } : {}),
        ...(change.to === "resolved" ? { resolvedAt: now } : {}),
      };
      await tx.update(alert).set(set).where(eq(alert.id, change.alertId)).run();
      await tx.insert(alertTransition).values({ alertId: change.alertId, at: now, fromState: change.from, toState: change.to }).run();
      return change.to === "firing" || change.to === "resolved" ? { alertId: change.alertId, event: change.to } : null;
    }
    case "update":
      await tx.update(alert).set({ value: change.value, clearSince: change.clearSince }).where(eq(alert.id, change.alertId)).run();
      return null;
    case "drop":
      await tx.delete(alert).where(eq(alert.id, change.alertId)).run();
      return null;
  }
}

/** The outbox rows, in the transition's transaction: a crash either keeps both or neither. */
async function queueNotifications(tx: Tx, { alertId, event }: { alertId: number; event: "firing" | "resolved" }, notify: AlertNotifyConfig, now: Date): Promise<void> {
  if (notify.receivers.length === 0) return;
  const a = await tx
    .select({ id: alert.id, cloudName: cloud.name, signal: alertRule.signal, severity: alert.severity, summary: alert.summary, runbookUrl: alertRule.runbookUrl, firedAt: alert.firedAt, resolvedAt: alert.resolvedAt })
    .from(alert)
    .innerJoin(cloud, eq(cloud.id, alert.cloudId))
    .innerJoin(alertRule, eq(alertRule.id, alert.ruleId))
    .where(eq(alert.id, alertId))
    .get();
  if (!a) return;
  const notified = { ...a, status: event, firedAt: a.firedAt ?? now };
  for (const receiver of notify.receivers) {
    const payload = JSON.stringify(buildAlertmanagerPayload(notified, { receiver: "cloudscope", externalUrl: notify.externalUrl }));
    await tx.insert(alertDelivery).values({ alertId, receiver, event, payload, nextAttemptAt: now, createdAt: now }).run();
  }
}
