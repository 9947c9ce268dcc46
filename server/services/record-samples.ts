import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sampleHour, sampleMinute, vm } from "@/db/schema";
import { LIVE_VM_STATES } from "../domain/vm-states";
import { excluded, prepareOnce } from "./prepared-statements";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

const COUNTED_STATES = [...LIVE_VM_STATES, "lost"] as const;
type CountedState = (typeof COUNTED_STATES)[number];
const ROLLUP_FIELDS = [...COUNTED_STATES, "pollLatencyMs", "polls", "pollErrors"] as const;

const ph = sql.placeholder;

function prepareSampleStatements(db: Db) {
  const counts = Object.fromEntries(COUNTED_STATES.map((s) => [s, ph(s)])) as Record<CountedState, ReturnType<typeof ph>>;
  const countColumns = Object.fromEntries(COUNTED_STATES.map((s) => [s, excluded(sampleMinute[s])]));
  return {
    countByState: db
      .select({ state: vm.state, n: sql<number>`count(*)`.mapWith(Number) })
      .from(vm)
      .where(and(eq(vm.cloudId, ph("cloudId")), inArray(vm.state, COUNTED_STATES)))
      .groupBy(vm.state)
      .prepare(),
    upsertMinute: db
      .insert(sampleMinute)
      .values({ cloudId: ph("cloudId"), ts: ph("ts"), ...counts, pollLatencyMs: ph("latencyMs"), polls: 1, pollErrors: ph("errors") })
      .onConflictDoUpdate({
        target: [sampleMinute.ts, sampleMinute.cloudId],
        set: {
          ...countColumns,
          pollLatencyMs: sql`(${sampleMinute.pollLatencyMs} * ${sampleMinute.polls} + ${excluded(sampleMinute.pollLatencyMs)}) / (${sampleMinute.polls} + 1)`,
          polls: sql`${sampleMinute.polls} + 1`,
          pollErrors: sql`${sampleMinute.pollErrors} + ${excluded(sampleMinute.pollErrors)}`,
        },
      })
      .prepare(),
    aggregateHour: db
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
      .where(and(eq(sampleMinute.cloudId, ph("cloudId")), gte(sampleMinute.ts, ph("hour")), lt(sampleMinute.ts, ph("hourEnd"))))
      .prepare(),
    upsertHour: db
      .insert(sampleHour)
      .values({
        cloudId: ph("cloudId"),
        ts: ph("hour"),
        ...counts,
        pollLatencyMs: ph("pollLatencyMs"),
        polls: ph("polls"),
        pollErrors: ph("pollErrors"),
      })
      .onConflictDoUpdate({
        target: [sampleHour.ts, sampleHour.cloudId],
        set: Object.fromEntries(ROLLUP_FIELDS.map((k) => [k, excluded(sampleHour[k])])),
      })
      .prepare(),
  };
}

/**
 * Folds one poll into the cloud's sample for the current minute (VM counts by state as
 * of now, poll latency averaged, errors summed) and refreshes that hour's rollup, so a
 * chart over days reads one row per hour instead of sixty. Call inside the poll's transaction.
 */
export function recordPollSample(db: Db, input: { cloudId: number; now: Date; latencyMs: number; ok: boolean }): void {
  const { cloudId, now } = input;
  const statements = prepareOnce(db, prepareSampleStatements);
  const counts = Object.fromEntries(COUNTED_STATES.map((s) => [s, 0])) as Record<CountedState, number>;
  for (const r of statements.countByState.all({ cloudId })) counts[r.state as CountedState] = r.n;

  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  statements.upsertMinute.run({ cloudId, ts: minute, ...counts, latencyMs: input.latencyMs, errors: input.ok ? 0 : 1 });
  rollUpHour(db, cloudId, Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export function rollUpHour(db: Db, cloudId: number, hour: number): void {
  const statements = prepareOnce(db, prepareSampleStatements);
  const agg = statements.aggregateHour.get({ cloudId, hour, hourEnd: hour + HOUR_MS });
  if (!agg || agg.polls === null) return;
  const polls = Number(agg.polls);
  statements.upsertHour.run({
    cloudId,
    hour,
    requested: Number(agg.requested),
    booting: Number(agg.booting),
    running: Number(agg.running),
    draining: Number(agg.draining),
    error: Number(agg.error),
    lost: Number(agg.lost),
    pollLatencyMs: polls > 0 ? Number(agg.latencyWeighted) / polls : 0,
    polls,
    pollErrors: Number(agg.pollErrors),
  });
}
