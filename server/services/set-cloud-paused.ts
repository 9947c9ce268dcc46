import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import type { pauseCloudInput } from "@/server/domain/action-params";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export type PauseCloudInput = z.output<typeof pauseCloudInput>;

/** Pauses a cloud (polled as before, no new launches) or resumes it, with the operator's reason; immediate and audited. */
export function setCloudPaused({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: PauseCloudInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const c = await tx.select().from(cloud).where(eq(cloud.id, input.cloudId)).get();
    if (!c) throw new ServiceError("NOT_FOUND", `Cloud ${input.cloudId} does not exist`);
    // A repeated click changes nothing and records nothing.
    if (c.paused === input.paused) return { cloudId: c.id, paused: c.paused, operatorReason: c.operatorReason, changed: false };
    // The card shows one reason: the newest restriction's, or none once the cloud is open again.
    const operatorReason = input.paused ? input.reason : c.enabled ? null : c.operatorReason;
    const after = { paused: input.paused, operatorReason };
    await tx.update(cloud).set(after).where(eq(cloud.id, c.id)).run();
    await recordAudit(
      tx,
      actor,
      {
        verb: "clouds.pause",
        targetType: "cloud",
        targetId: c.id,
        summary: `${input.paused ? "Paused" : "Resumed"} ${c.name}: ${input.reason}`,
        before: { paused: c.paused, operatorReason: c.operatorReason },
        after: { ...after, reason: input.reason },
      },
      now,
    );
    return { cloudId: c.id, paused: input.paused, operatorReason, changed: true };
  });
}
