import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { autoscalePause } from "@/db/schema";
import type { Actor } from "./lib/actor";
import { recordAudit } from "./record-audit";

const GLOBAL = "global";

export const setAutoscalePauseInput = z
  .object({ paused: z.boolean(), reason: z.string().trim().max(500).optional() })
  .refine((v) => !v.paused || (v.reason?.length ?? 0) >= 3, { path: ["reason"], message: "Say why autoscaling is paused (at least 3 characters)" });

export interface AutoscalePauseState {
  paused: boolean;
  reason: string | null;
  byName: string | null;
  at: Date | null;
}

export async function getAutoscalePause({ db }: { db: Pick<Db, "select"> }): Promise<AutoscalePauseState> {
  const row = await db.select().from(autoscalePause).where(eq(autoscalePause.id, GLOBAL)).get();
  return row ? { paused: row.paused, reason: row.reason, byName: row.byName, at: row.at } : { paused: false, reason: null, byName: null, at: null };
}

/** Pauses or resumes all autoscaling at once (an incident), with the reason every page shows; audited. */
export async function setAutoscalePause({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: z.output<typeof setAutoscalePauseInput>; now?: Date }): Promise<AutoscalePauseState> {
  return db.transaction(async (tx) => {
    const before = await getAutoscalePause({ db: tx });
    const after = { paused: input.paused, reason: input.paused ? (input.reason ?? null) : null, byName: actor.name, at: now };
    await tx.insert(autoscalePause).values({ id: GLOBAL, ...after }).onConflictDoUpdate({ target: autoscalePause.id, set: after }).run();
    await recordAudit(
      tx,
      actor,
      {
        verb: "autoscale.pause",
        targetType: "autoscaler",
        targetId: null,
        summary: input.paused ? `Paused all autoscaling: ${after.reason}` : `Resumed autoscaling${before.reason ? ` (paused for: ${before.reason})` : ""}`,
        before: { paused: before.paused, reason: before.reason },
        after: { paused: after.paused, reason: after.reason },
      },
      now,
    );
    return after;
  });
}
