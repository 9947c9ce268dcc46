import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import type { enableCloudInput } from "@/server/domain/action-params";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export type EnableCloudInput = z.output<typeof enableCloudInput>;

/**
 * Disables a cloud (no polling, no launches; shown as disabled with the reason) or enables
 * it again (its status is unknown until the next poll); immediate and audited.
 */
export function setCloudEnabled({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: EnableCloudInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const c = await tx.select().from(cloud).where(eq(cloud.id, input.cloudId)).get();
    if (!c) throw new ServiceError("NOT_FOUND", `Cloud ${input.cloudId} does not exist`);
    // A repeated click changes nothing and records nothing.
    if (c.enabled === input.enabled) return { cloudId: c.id, enabled: c.enabled, operatorReason: c.operatorReason, changed: false };
    const operatorReason = input.enabled ? (c.paused ? c.operatorReason : null) : input.reason;
    // A disabled cloud is not polled, so nothing else would ever change its status.
    const status = input.enabled ? ("unknown" as const) : ("disabled" as const);
    const statusReason = input.enabled ? "Enabled again; waiting for the first poll" : `Disabled by ${actor.name}: ${input.reason}`;
    const after = { enabled: input.enabled, operatorReason, status, statusReason };
    await tx
      .update(cloud)
      .set({ ...after, statusSince: now })
      .where(eq(cloud.id, c.id))
      .run();
    await recordAudit(
      tx,
      actor,
      {
        verb: "clouds.disable",
        targetType: "cloud",
        targetId: c.id,
        summary: `${input.enabled ? "Enabled" : "Disabled"} ${c.name}: ${input.reason}`,
        before: { enabled: c.enabled, operatorReason: c.operatorReason, status: c.status, statusReason: c.statusReason },
        after: { ...after, reason: input.reason },
      },
      now,
    );
    return { cloudId: c.id, enabled: input.enabled, operatorReason, changed: true };
  });
}
