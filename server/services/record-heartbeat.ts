import type { Db } from "@/db/client";
import { workerHeartbeat } from "@/db/schema";

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
