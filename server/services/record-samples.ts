import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sampleHour, sampleMinute, vm } from "@/db/schema";

type Tx = Pick<Db, "select" | "insert" | "update" | "delete">;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

const COUNTED_STATES = ["requested", "booting", "running", "draining", "error", "lost"] as const;

/**
 * Folds one poll into the cloud's sample for the current minute (VM counts by state as
 * of now, poll latency averaged, errors summed) and refreshes that hour's rollup, so a
 * chart over days reads one row per hour instead of sixty.
 */
export function recordPollSample(tx: Tx, input: { cloudId: number; now: Date; latencyMs: number; ok: boolean }): void {
  const { cloudId, now } = input;
  const counts = Object.fromEntries(COUNTED_STATES.map((s) => [s, 0])) as Record<(typeof COUNTED_STATES)[number], number>;
  const rows = tx
    .select({ state: vm.state, n: sql<number>`count(*)` })
    .from(vm)
    .where(and(eq(vm.cloudId, cloudId), sql`${vm.state} <> 'terminated'`))
    .groupBy(vm.state)
    .all();
  for (const r of rows) if (r.state in counts) counts[r.state as keyof typeof counts] = Number(r.n);

  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const errors = input.ok ? 0 : 1;
  tx.insert(sampleMinute)
    .values({ cloudId, ts: minute, ...counts, pollLatencyMs: input.latencyMs, polls: 1, pollErrors: errors })
    .onConflictDoUpdate({
      target: [sampleMinute.ts, sampleMinute.cloudId],
      set: {
        ...counts,
        pollLatencyMs: sql`(${sampleMinute.pollLatencyMs} * ${sampleMinute.polls} + ${input.latencyMs}) / (${sampleMinute.polls} + 1)`,
        polls: sql`${sampleMinute.polls} + 1`,
        pollErrors: sql`${sampleMinute.pollErrors} + ${errors}`,
      },
    })
    .run();
  rollUpHour(tx, cloudId, Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export function rollUpHour(tx: Tx, cloudId: number, hour: number): void {
  const agg = tx
    .select({
      requested: sql<number>`avg(${sampleMinute.requested})`,
      booting: sql<number>`avg(${sampleMinute.booting})`,
      running: sql<number>`avg(${sampleMinute.running})`,
      draining: sql<number>`avg(${sampleMinute.draining})`,
      error: sql<number>`avg(${sampleMinute.error})`,
      lost: sql<number>`avg(${sampleMinute.lost})`,
      latencyWeighted: sql<number>`sum(${sampleMinute.pollLatencyMs} * ${sampleMinute.polls})`,
      polls: sql<number>`sum(${sampleMinute.polls})`,
      pollErrors: sql<number>`sum(${sampleMinute.pollErrors})`,
    })
    .from(sampleMinute)
    .where(and(eq(sampleMinute.cloudId, cloudId), gte(sampleMinute.ts, hour), lt(sampleMinute.ts, hour + HOUR_MS)))
    .get();
  if (!agg || agg.polls === null) return;
  const polls = Number(agg.polls);
  const row = {
    requested: Number(agg.requested),
    booting: Number(agg.booting),
    running: Number(agg.running),
    draining: Number(agg.draining),
    error: Number(agg.error),
    lost: Number(agg.lost),
    pollLatencyMs: polls > 0 ? Number(agg.latencyWeighted) / polls : 0,
    polls,
    pollErrors: Number(agg.pollErrors),
  };
  tx.insert(sampleHour)
    .values({ cloudId, ts: hour, ...row })
    .onConflictDoUpdate({ target: [sampleHour.ts, sampleHour.cloudId], set: row })
    .run();
}
