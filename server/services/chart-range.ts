import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { sampleHour, sampleMinute } from "@/db/schema";

export const CHART_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const RANGE_SPECS: Record<ChartRange, { windowMs: number; bucketMs: number; table: typeof sampleMinute | typeof sampleHour }> = {
  "1h": { windowMs: HOUR, bucketMs: MINUTE, table: sampleMinute },
  "24h": { windowMs: DAY, bucketMs: 15 * MINUTE, table: sampleMinute },
  "7d": { windowMs: 7 * DAY, bucketMs: HOUR, table: sampleHour },
  "30d": { windowMs: 30 * DAY, bucketMs: HOUR, table: sampleHour },
};

export const seriesInput = z.object({
  range: z.enum(CHART_RANGES).default("1h"),
  cloudId: z.number().int().positive().optional(),
});
export type SeriesInput = z.input<typeof seriesInput>;
export type SeriesQuery = z.output<typeof seriesInput>;

/** The sample table and bucket width for a range, and its window aligned to whole buckets. */
export function resolveChartRange(range: ChartRange, now: Date) {
  const { windowMs, bucketMs, table } = RANGE_SPECS[range];
  const to = now.getTime();
  const start = to - windowMs;
  return { range, table, bucketMs, from: start - (start % bucketMs), to };
}

/**
 * Start of the bucket a sample falls in. The width is a literal, not a parameter, so the
 * grouped expression is textually the selected one on every dialect.
 */
export function buildBucketStart(ts: AnyColumn, bucketMs: number): SQL<number> {
  return sql<number>`${ts} - (${ts} % ${sql.raw(String(Math.trunc(bucketMs)))})`;
}
