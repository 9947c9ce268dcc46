import { and, avg, eq, gte, lt, sql, sum } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { pandaQueue, queueSampleHour, queueSampleMinute } from "@/db/schema";
import { excluded } from "@/db/prepared-statements";
import { JOB_STATES, type JobState } from "../domain/vocabulary";
import { HOUR_MS, MINUTE_MS } from "./record-samples";

export type QueueJobCounts = Record<JobState, number>;

export interface QueuePollOutcome {
  queues: Array<{ id: number; name: string; pollSec: number }>;
  now: Date;
  latencyMs: number;
  /** Counts per queue name, or the error PanDA's answer (or silence) came down to. */
  result: { ok: true; counts: ReadonlyMap<string, QueueJobCounts> } | { ok: false; error: string };
}

/**
 * Records one PanDA poll for the queues it answered for: their counts (a queue PanDA did
 * not list has no jobs) and poll status, and a per-minute sample with its hour's rollup.
 * A failed poll keeps the last counts (countedAt says how old) and records the error.
 */
export async function recordQueuePoll({ db, input }: { db: Db; input: QueuePollOutcome }): Promise<void> {
  const { now, latencyMs, result } = input;
  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  await db.transaction(async (tx) => {
    for (const q of input.queues) {
      const nextDueAt = new Date(now.getTime() + q.pollSec * 1000);
      const status = { lastAttemptAt: now, lastLatencyMs: latencyMs, nextDueAt };
      if (result.ok) {
        const counts = result.counts.get(q.name) ?? zeroCounts();
        await tx.update(pandaQueue).set({ ...status, ...counts, countedAt: now, lastError: null, consecutiveFailures: 0 }).where(eq(pandaQueue.id, q.id)).run();
        await upsertMinute(tx, { queueId: q.id, ts: minute, counts, latencyMs, errors: 0 });
      } else {
        await tx
          .update(pandaQueue)
          .set({ ...status, lastError: result.error, lastErrorAt: now, consecutiveFailures: sql`${pandaQueue.consecutiveFailures} + 1` })
          .where(eq(pandaQueue.id, q.id))
          .run();
        await recordFailedPollSample(tx, { queueId: q.id, ts: minute, latencyMs });
      }
      await rollUpQueueHour(tx, q.id, Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    }
  });
}

function zeroCounts(): QueueJobCounts {
  return Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as QueueJobCounts;
}

async function upsertMinute(tx: Tx, row: { queueId: number; ts: number; counts: QueueJobCounts; latencyMs: number; errors: number }): Promise<void> {
  await tx
    .insert(queueSampleMinute)
    .values({ queueId: row.queueId, ts: row.ts, ...row.counts, pollLatencyMs: row.latencyMs, polls: 1, pollErrors: row.errors })
    .onConflictDoUpdate({
      target: [queueSampleMinute.ts, queueSampleMinute.queueId],
      set: {
        ...Object.fromEntries(JOB_STATES.map((s) => [s, excluded(queueSampleMinute[s])])),
        pollLatencyMs: sql`(${queueSampleMinute.pollLatencyMs} * ${queueSampleMinute.polls} + ${excluded(queueSampleMinute.pollLatencyMs)}) / (${queueSampleMinute.polls} + 1)`,
        polls: sql`${queueSampleMinute.polls} + 1`,
      },
    })
    .run();
}

/** A failed poll counts in the minute's sample as an error; a minute with no good poll carries the last counts forward. */
async function recordFailedPollSample(tx: Tx, row: { queueId: number; ts: number; latencyMs: number }): Promise<void> {
  const last = await tx.select().from(pandaQueue).where(eq(pandaQueue.id, row.queueId)).get();
  const counts = last ? (Object.fromEntries(JOB_STATES.map((s) => [s, last[s]])) as QueueJobCounts) : zeroCounts();
  await tx
    .insert(queueSampleMinute)
    .values({ queueId: row.queueId, ts: row.ts, ...counts, pollLatencyMs: row.latencyMs, polls: 1, pollErrors: 1 })
    .onConflictDoUpdate({
      target: [queueSampleMinute.ts, queueSampleMinute.queueId],
      set: {
        pollLatencyMs: sql`(${queueSampleMinute.pollLatencyMs} * ${queueSampleMinute.polls} + ${excluded(queueSampleMinute.pollLatencyMs)}) / (${queueSampleMinute.polls} + 1)`,
        polls: sql`${queueSampleMinute.polls} + 1`,
        pollErrors: sql`${queueSampleMinute.pollErrors} + 1`,
      },
    })
    .run();
}

/** Averages of the hour's minute counts (gauges), sums of its polls, as the VM samples' rollup does. */
async function rollUpQueueHour(tx: Tx, queueId: number, hour: number): Promise<void> {
  const m = queueSampleMinute;
  const agg = await tx
    .select({
      activated: avg(m.activated),
      starting: avg(m.starting),
      running: avg(m.running),
      holding: avg(m.holding),
      finished: avg(m.finished),
      failed: avg(m.failed),
      cancelled: avg(m.cancelled),
      latencyWeighted: sum(sql`${m.pollLatencyMs} * ${m.polls}`),
      polls: sum(m.polls),
      pollErrors: sum(m.pollErrors),
    })
    .from(m)
    .where(and(eq(m.queueId, queueId), gte(m.ts, hour), lt(m.ts, hour + HOUR_MS)))
    .get();
  const polls = Number(agg?.polls ?? 0);
  if (!agg || polls === 0) return;
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, Number(agg[s] ?? 0)])) as QueueJobCounts;
  const values = { ...counts, pollLatencyMs: Number(agg.latencyWeighted ?? 0) / polls, polls, pollErrors: Number(agg.pollErrors ?? 0) };
  await tx
    .insert(queueSampleHour)
    .values({ queueId, ts: hour, ...values })
    .onConflictDoUpdate({ target: [queueSampleHour.ts, queueSampleHour.queueId], set: Object.fromEntries(Object.keys(values).map((k) => [k, excluded(queueSampleHour[k as keyof typeof values])])) })
    .run();
}
