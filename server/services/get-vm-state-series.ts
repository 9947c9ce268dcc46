import { and, asc, avg, eq, gte, lte, sql, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import { resolveChartRange, type SeriesQuery } from "./lib/chart-range";

export interface VmStatePoint {
  /** Bucket start, epoch ms. */
  ts: number;
  requested: number;
  booting: number;
  running: number;
  draining: number;
  error: number;
  lost: number;
}

/**
 * VMs by state over a range. Counts are gauges: within a bucket each cloud's samples are
 * averaged, then clouds are summed, so a 15-minute point is not fifteen times a minute's.
 * When a bucket holds one sample per cloud the average is that sample: one pass sums them.
 */
export async function getVmStateSeries({ db, input, now = new Date() }: { db: Db; input: SeriesQuery; now?: Date }) {
  const { table, bucketMs, from, to, range, bucket, oneSamplePerBucket } = resolveChartRange(input.range, now);
  const where = and(gte(table.ts, from), lte(table.ts, to), input.cloudId === undefined ? undefined : eq(table.cloudId, input.cloudId));

  if (oneSamplePerBucket) {
    const points: VmStatePoint[] = await db
      .select({
        ts: bucket.mapWith(Number),
        requested: sum(table.requested).mapWith(Number),
        booting: sum(table.booting).mapWith(Number),
        running: sum(table.running).mapWith(Number),
        draining: sum(table.draining).mapWith(Number),
        error: sum(table.error).mapWith(Number),
        lost: sum(table.lost).mapWith(Number),
      })
      .from(table)
      .where(where)
      .groupBy(bucket)
      .orderBy(asc(bucket));
    return { range, bucketMs, from, to, points };
  }

  const perCloud = db
    .select({
      bucket: bucket.as("bucket"),
      requested: avg(table.requested).as("requested"),
      booting: avg(table.booting).as("booting"),
      running: avg(table.running).as("running"),
      draining: avg(table.draining).as("draining"),
      error: avg(table.error).as("error"),
      lost: avg(table.lost).as("lost"),
    })
    .from(table)
    .where(where)
    .groupBy(bucket, table.cloudId)
    .as("per_cloud");

  const bucketStart = sql<number>`${perCloud.bucket}`;
  const points: VmStatePoint[] = await db
    .select({
      ts: bucketStart.mapWith(Number),
      requested: sum(perCloud.requested).mapWith(Number),
      booting: sum(perCloud.booting).mapWith(Number),
      running: sum(perCloud.running).mapWith(Number),
      draining: sum(perCloud.draining).mapWith(Number),
      error: sum(perCloud.error).mapWith(Number),
      lost: sum(perCloud.lost).mapWith(Number),
    })
    .from(perCloud)
    .groupBy(bucketStart)
    .orderBy(asc(bucketStart));

  return { range, bucketMs, from, to, points };
}

export type VmStateSeries = Awaited<ReturnType<typeof getVmStateSeries>>;
