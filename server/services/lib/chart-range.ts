import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { sampleHour, sampleMinute } from "@/db/schema";

export const CHART_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const MINUTE_SAMPLES = { table: sampleMinute, sampleMs: MINUTE };
const HOUR_SAMPLES = { table: sampleHour, sampleMs: HOUR };

const RANGE_SPECS: Record<ChartRange, { windowMs: number; bucketMs: number; samples: typeof MINUTE_SAMPLES | typeof HOUR_SAMPLES }> = {
  "1h": { windowMs: HOUR, bucketMs: MINUTE, samples: MINUTE_SAMPLES },
  "24h": { windowMs: DAY, bucketMs: 15 * MINUTE, samples: MINUTE_SAMPLES },
  "7d": { windowMs: 7 * DAY, bucketMs: HOUR, samples: HOUR_SAMPLES },
  "30d": { windowMs: 30 * DAY, bucketMs: HOUR, samples: HOUR_SAMPLES },
};

export const seriesInput = z.object({
  range: z.enum(CHART_RANGES).default("1h"),
  cloudId: z.number().int().positive().optional(),
});
export type SeriesInput = z.input<typeof seriesInput>;
export type SeriesQuery = z.output<typeof seriesInput>;

/**
 * The sample table and bucket width for a range, its window aligned to whole buckets, and
 * the bucket start to group by. When a bucket is one sample wide that is `ts` itself, so
 * the query groups in primary-key order instead of sorting an expression.
 */
export function resolveChartRange(range: ChartRange, now: Date) {
  const { windowMs, bucketMs, samples } = RANGE_SPECS[range];
  const { table } = samples;
  const to = now.getTime();
  const start = to - windowMs;
  const oneSamplePerBucket = bucketMs === samples.sampleMs;
  const bucket = oneSamplePerBucket ? sql<number>`${table.ts}` : buildBucketStart(table.ts, bucketMs);
  return { range, table, bucketMs, from: start - (start % bucketMs), to, bucket, oneSamplePerBucket };
}

/**
 * Start of the bucket a sample falls in. The width is a literal, not a parameter, so the
 * grouped expression is textually the selected one on every dialect.
 */
export function buildBucketStart(ts: AnyColumn, bucketMs: number): SQL<number> {
  return sql<number>`${ts} - (${ts} % ${sql.raw(String(Math.trunc(bucketMs)))})`;
}
