import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sampleHour, sampleMinute, vm } from "@/db/schema";
import { SAMPLED_VM_STATES } from "../domain/vocabulary";
import { excluded, prepareOnce } from "@/db/prepared-statements";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

type SampledState = (typeof SAMPLED_VM_STATES)[number];
const ROLLUP_FIELDS = [...SAMPLED_VM_STATES, "pollLatencyMs", "polls", "pollErrors"] as const;

const ph = sql.placeholder;

function prepareSampleStatements(db: Db) {
  const counts = Object.fromEntries(SAMPLED_VM_STATES.map((s) => [s, ph(s)])) as Record<SampledState, ReturnType<typeof ph>>;
  const countColumns = Object.fromEntries(SAMPLED_VM_STATES.map((s) => [s, excluded(sampleMinute[s])]));
  return {
    countByState: db
      .select({ state: vm.state, n: sql<number>`count(*)`.mapWith(Number) })
      .from(vm)
      .where(and(eq(vm.cloudId, ph("cloudId")), inArray(vm.state, SAMPLED_VM_STATES)))
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
        requested: sql<number | null>`avg(${sampleMinute.requested})`.mapWith(Number),
        booting: sql<number | null>`avg(${sampleMinute.booting})`.mapWith(Number),
        running: sql<number | null>`avg(${sampleMinute.running})`.mapWith(Number),
        draining: sql<number | null>`avg(${sampleMinute.draining})`.mapWith(Number),
        error: sql<number | null>`avg(${sampleMinute.error})`.mapWith(Number),
        lost: sql<number | null>`avg(${sampleMinute.lost})`.mapWith(Number),
        latencyWeighted: sql<number | null>`sum(${sampleMinute.pollLatencyMs} * ${sampleMinute.polls})`.mapWith(Number),
        polls: sql<number | null>`sum(${sampleMinute.polls})`.mapWith(Number),
        pollErrors: sql<number | null>`sum(${sampleMinute.pollErrors})`.mapWith(Number),
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
export async function recordPollSample(tx: Tx, input: { cloudId: number; now: Date; latencyMs: number; ok: boolean }): Promise<void> {
  const { cloudId, now } = input;
  const statements = prepareOnce(tx, prepareSampleStatements);
  const counts = Object.fromEntries(SAMPLED_VM_STATES.map((s) => [s, 0])) as Record<SampledState, number>;
  for (const r of await statements.countByState.all({ cloudId })) counts[r.state as SampledState] = r.n;

  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  await statements.upsertMinute.run({ cloudId, ts: minute, ...counts, latencyMs: input.latencyMs, errors: input.ok ? 0 : 1 });
  await rollUpHour(tx, cloudId, Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export async function rollUpHour(db: Db, cloudId: number, hour: number): Promise<void> {
  const statements = prepareOnce(db, prepareSampleStatements);
  const agg = await statements.aggregateHour.get({ cloudId, hour, hourEnd: hour + HOUR_MS });
  if (!agg || agg.polls === null) return;
  const { polls } = agg;
  await statements.upsertHour.run({
    cloudId,
    hour,
    requested: agg.requested ?? 0,
    booting: agg.booting ?? 0,
    running: agg.running ?? 0,
    draining: agg.draining ?? 0,
    error: agg.error ?? 0,
    lost: agg.lost ?? 0,
    pollLatencyMs: polls > 0 ? (agg.latencyWeighted ?? 0) / polls : 0,
    polls,
    pollErrors: agg.pollErrors ?? 0,
  });
}
