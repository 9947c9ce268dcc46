import { and, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pollLog, queueSampleMinute, sampleMinute, signInThrottle } from "@/db/schema";
import { KNOWN_ADDRESS_MS, SIGN_IN_RUN_MS } from "@/server/domain/sign-in-delay";

export const RETENTION = {
  pollLogMs: 3 * 86_400_000,
  sampleMinuteMs: 8 * 86_400_000,
} as const;

/**
 * Drops raw history past its retention (hourly rollups are kept; ended VMs are archived by
 * archiveEndedVms, not dropped), and sign-in throttle rows
 * that no longer delay anyone nor mark a known address, so guessing with random usernames
 * cannot grow that table without bound.
 */
export async function pruneHistory({ db, input }: { db: Db; input: { now: Date } }): Promise<void> {
  const t = input.now.getTime();
  await db.transaction(async (tx) => {
    await tx.delete(pollLog).where(lt(pollLog.at, new Date(t - RETENTION.pollLogMs))).run();
    await tx.delete(sampleMinute).where(lt(sampleMinute.ts, t - RETENTION.sampleMinuteMs)).run();
    await tx.delete(queueSampleMinute).where(lt(queueSampleMinute.ts, t - RETENTION.sampleMinuteMs)).run();
    await tx
      .delete(signInThrottle)
      .where(
        and(
          lt(signInThrottle.lastFailureAt, t - SIGN_IN_RUN_MS),
          or(isNull(signInThrottle.lastSuccessAt), lt(signInThrottle.lastSuccessAt, t - KNOWN_ADDRESS_MS)),
        ),
      )
      .run();
  });
}
