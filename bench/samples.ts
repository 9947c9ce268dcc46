import { insertMany } from "@/db/bulk";
import { queryRows, type Db } from "@/db/client";
import { sampleMinute } from "@/db/schema";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const SAMPLE_DAYS = 30;

/**
 * Fills sample_minute with one row per cloud per minute for the 30 days before `now`'s
 * minute (the collector owns that one), then rebuilds every hourly rollup from them.
 * One transaction per day keeps the WAL (or PostgreSQL's) from growing to the size of the whole table.
 */
export async function seedSamples(db: Db, cloudIds: readonly number[], now: number): Promise<number> {
  const end = Math.floor(now / MINUTE) * MINUTE;
  const columns = [sampleMinute.ts, sampleMinute.cloudId, sampleMinute.requested, sampleMinute.booting, sampleMinute.running, sampleMinute.draining, sampleMinute.error, sampleMinute.lost, sampleMinute.pollLatencyMs, sampleMinute.polls, sampleMinute.pollErrors];
  let rows = 0;
  for (let from = end - SAMPLE_DAYS * DAY; from < end; from += DAY) {
    const day: number[][] = [];
    for (let ts = from; ts < Math.min(from + DAY, end); ts += MINUTE) {
      for (const [i, cloudId] of cloudIds.entries()) {
        const wave = Math.sin((2 * Math.PI * ts) / DAY + i);
        const running = Math.round(380 + 15 * wave);
        day.push([ts, cloudId, (ts / MINUTE + i) % 3, Math.round(6 + 4 * wave), running, (ts / MINUTE) % 5, i % 4, (ts / HOUR) % 2, 40 + (i % 7) * 5, 1, ts % (97 * MINUTE) === 0 ? 1 : 0]);
      }
    }
    await db.transaction((tx) => insertMany(tx, sampleMinute, columns, day));
    rows += day.length;
  }

  await queryRows(
    db,
    `insert into sample_hour (ts, cloud_id, requested, booting, running, draining, error, lost, poll_latency_ms, polls, poll_errors)
    select ts - ts % ${HOUR}, cloud_id, avg(requested), avg(booting), avg(running), avg(draining), avg(error), avg(lost),
           coalesce(sum(poll_latency_ms * polls) / nullif(sum(polls), 0), 0), sum(polls), sum(poll_errors)
    from sample_minute where true
    group by 1, 2
    on conflict (ts, cloud_id) do update set
      requested = excluded.requested, booting = excluded.booting, running = excluded.running, draining = excluded.draining,
      error = excluded.error, lost = excluded.lost, poll_latency_ms = excluded.poll_latency_ms, polls = excluded.polls, poll_errors = excluded.poll_errors`,
  );
  return rows;
}
