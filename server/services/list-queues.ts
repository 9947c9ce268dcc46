import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, pandaQueue, pandaQueueCloud, vm } from "@/db/schema";
import { JOB_STATES, LIVE_VM_STATES, type JobState } from "../domain/vocabulary";
import { ServiceError } from "./lib/errors";

export interface QueueSummary {
  id: number;
  name: string;
  jobs: Record<JobState, number>;
  /** Failed share of the jobs that ended in PanDA's window (the hour before the poll); null: none ended. */
  failureRate: number | null;
  countedAt: Date | null;
  poll: { lastAttemptAt: Date | null; lastLatencyMs: number | null; lastError: string | null; lastErrorAt: Date | null; consecutiveFailures: number; pollSec: number };
  clouds: Array<{ id: number; name: string }>;
  liveVms: number;
}

/** Every PanDA queue with its jobs by state, poll status, and the clouds and VMs serving it. */
export async function listQueues({ db, name }: { db: Db; name?: string }): Promise<QueueSummary[]> {
  const rows = await db
    .select()
    .from(pandaQueue)
    .where(name === undefined ? undefined : eq(pandaQueue.name, name))
    .orderBy(asc(pandaQueue.name))
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db.select({ queueId: pandaQueueCloud.queueId, id: cloud.id, name: cloud.name }).from(pandaQueueCloud).innerJoin(cloud, eq(cloud.id, pandaQueueCloud.cloudId)).where(inArray(pandaQueueCloud.queueId, ids)).orderBy(asc(cloud.name)).all();
  const vmCounts = await db
    .select({ queue: vm.queue, n: sql<number>`count(*)`.mapWith(Number) })
    .from(vm)
    .where(and(inArray(vm.queue, rows.map((r) => r.name)), inArray(vm.state, LIVE_VM_STATES)))
    .groupBy(vm.queue)
    .all();
  const liveByQueue = new Map(vmCounts.map((c) => [c.queue, c.n]));
  return rows.map((r) => {
    const jobs = Object.fromEntries(JOB_STATES.map((s) => [s, r[s]])) as Record<JobState, number>;
    const ended = jobs.finished + jobs.failed;
    return {
      id: r.id,
      name: r.name,
      jobs,
      failureRate: ended > 0 ? jobs.failed / ended : null,
      countedAt: r.countedAt,
      poll: { lastAttemptAt: r.lastAttemptAt, lastLatencyMs: r.lastLatencyMs, lastError: r.lastError, lastErrorAt: r.lastErrorAt, consecutiveFailures: r.consecutiveFailures, pollSec: r.pollSec },
      clouds: links.filter((l) => l.queueId === r.id).map((l) => ({ id: l.id, name: l.name })),
      liveVms: liveByQueue.get(r.name) ?? 0,
    };
  });
}

export async function getQueue({ db, name }: { db: Db; name: string }): Promise<QueueSummary> {
  const [queue] = await listQueues({ db, name });
  if (!queue) throw new ServiceError("NOT_FOUND", `No PanDA queue named ${name}`);
  return queue;
}
