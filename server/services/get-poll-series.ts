import { and, asc, eq, gte, lte, sql, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import { resolveChartRange, type SeriesQuery } from "./lib/chart-range";

export interface PollPoint {
  /** Bucket start, epoch ms. */
  ts: number;
  /** Mean latency weighted by the number of polls; null when nothing was polled. */
  latencyMs: number | null;
  polls: number;
  errors: number;
}

/** Cloud API health over a range: poll latency and failed polls per bucket. */
export async function getPollSeries({ db, input, now = new Date() }: { db: Db; input: SeriesQuery; now?: Date }) {
  const { table, bucketMs, from, to, range, bucket } = resolveChartRange(input.range, now);
  const points: PollPoint[] = await db
    .select({
      ts: bucket.mapWith(Number),
      latencyMs: sql`sum(${table.pollLatencyMs} * ${table.polls}) / nullif(sum(${table.polls}), 0)`.mapWith(Number),
      polls: sum(table.polls).mapWith(Number),
      errors: sum(table.pollErrors).mapWith(Number),
    })
    .from(table)
    .where(and(gte(table.ts, from), lte(table.ts, to), input.cloudId === undefined ? undefined : eq(table.cloudId, input.cloudId)))
    .groupBy(bucket)
    .orderBy(asc(bucket));

  return { range, bucketMs, from, to, points };
}

export type PollSeries = Awaited<ReturnType<typeof getPollSeries>>;
