import { and, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pollLog, sampleMinute, vm, vmEvent, workerHeartbeat } from "@/db/schema";

/** The worker says it is alive; /api/health reads this. */
export async function recordHeartbeat({ db, input }: { db: Db; input: { workerId: string; pid: number; hostname?: string; now: Date; startedAt: Date } }): Promise<void> {
  const { workerId, pid, now, startedAt } = input;
  const hostname = input.hostname ?? null;
  await db
    .insert(workerHeartbeat)
    .values({ id: workerId, pid, hostname, beatAt: now, startedAt })
    .onConflictDoUpdate({ target: workerHeartbeat.id, set: { pid, hostname, beatAt: now, startedAt } })
    .run();
}

export const RETENTION = {
  pollLogMs: 3 * 86_400_000,
  sampleMinuteMs: 8 * 86_400_000,
  endedVmMs: 7 * 86_400_000,
} as const;

/** Drops raw history past its retention; hourly rollups are kept. */
export async function pruneHistory({ db, input }: { db: Db; input: { now: Date } }): Promise<void> {
  const t = input.now.getTime();
  await db.transaction(async (tx) => {
    await tx.delete(pollLog).where(lt(pollLog.at, new Date(t - RETENTION.pollLogMs))).run();
    await tx.delete(sampleMinute).where(lt(sampleMinute.ts, t - RETENTION.sampleMinuteMs)).run();
    const cutoff = new Date(t - RETENTION.endedVmMs);
    const old = and(inArray(vm.state, ["terminated", "lost"]), lt(vm.stateChangedAt, cutoff));
    await tx.delete(vmEvent).where(inArray(vmEvent.vmId, tx.select({ id: vm.id }).from(vm).where(old))).run();
    await tx.delete(vm).where(old).run();
  });
}
