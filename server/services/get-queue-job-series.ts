import { and, asc, avg, eq, gte, lte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queueSampleHour, queueSampleMinute, sampleHour } from "@/db/schema";
import { buildBucketStart, CHART_RANGES, resolveChartRange } from "./lib/chart-range";

export const queueSeriesInput = z.object({ range: z.enum(CHART_RANGES).default("1h"), queueId: z.number().int().positive() });
export type QueueSeriesInput = z.input<typeof queueSeriesInput>;

export interface QueueJobPoint {
  ts: number;
  activated: number;
  running: number;
  /** Jobs that ended in the hour before the sample (PanDA's window), averaged over the bucket. */
  finished: number;
  failed: number;
}

/** A queue's jobs over a range from the queue samples, with the same tables, buckets and window as the VM charts. */
export async function getQueueJobSeries({ db, input, now = new Date() }: { db: Db; input: z.output<typeof queueSeriesInput>; now?: Date }) {
  const { range, bucketMs, from, to, table: vmTable } = resolveChartRange(input.range, now);
  const table = vmTable === sampleHour ? queueSampleHour : queueSampleMinute;
  const bucket = buildBucketStart(table.ts, bucketMs);
  const points: QueueJobPoint[] = await db
    .select({
      ts: bucket.mapWith(Number),
      activated: avg(table.activated).mapWith(Number),
      running: avg(table.running).mapWith(Number),
      finished: avg(table.finished).mapWith(Number),
      failed: avg(table.failed).mapWith(Number),
    })
    .from(table)
    .where(and(eq(table.queueId, input.queueId), gte(table.ts, from), lte(table.ts, to)))
    .groupBy(bucket)
    .orderBy(asc(bucket));
  return { range, bucketMs, from, to, points };
}

export type QueueJobSeries = Awaited<ReturnType<typeof getQueueJobSeries>>;
