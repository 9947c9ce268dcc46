import { and, desc, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pollLog, sampleMinute, vm, vmEvent, workerHeartbeat } from "@/db/schema";

/** The worker says it is alive; /api/health reads this. */
export function recordHeartbeat({ db, input }: { db: Db; input: { workerId: string; pid: number; now: Date; startedAt: Date } }): void {
  const { workerId, pid, now, startedAt } = input;
  db.insert(workerHeartbeat)
    .values({ id: workerId, pid, beatAt: now, startedAt })
    .onConflictDoUpdate({ target: workerHeartbeat.id, set: { pid, beatAt: now, startedAt } })
    .run();
}

export function getLatestHeartbeat({ db }: { db: Db }): Date | null {
  return db.select({ beatAt: workerHeartbeat.beatAt }).from(workerHeartbeat).orderBy(desc(workerHeartbeat.beatAt)).limit(1).get()?.beatAt ?? null;
}

export const RETENTION = {
  pollLogMs: 3 * 86_400_000,
  sampleMinuteMs: 8 * 86_400_000,
  endedVmMs: 7 * 86_400_000,
} as const;

/** Drops raw history past its retention; hourly rollups are kept. */
export function pruneHistory({ db, input }: { db: Db; input: { now: Date } }): void {
  const t = input.now.getTime();
  db.transaction((tx) => {
    tx.delete(pollLog).where(lt(pollLog.at, new Date(t - RETENTION.pollLogMs))).run();
    tx.delete(sampleMinute).where(lt(sampleMinute.ts, t - RETENTION.sampleMinuteMs)).run();
    const cutoff = new Date(t - RETENTION.endedVmMs);
    const old = and(inArray(vm.state, ["terminated", "lost"]), lt(vm.stateChangedAt, cutoff));
    tx.delete(vmEvent).where(inArray(vmEvent.vmId, tx.select({ id: vm.id }).from(vm).where(old))).run();
    tx.delete(vm).where(old).run();
  });
}
