import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { createCloud, createHourSample, createMinuteSample } from "@/server/testing/factories";
import { seriesInput, type SeriesInput } from "./lib/chart-range";
import { getVmStateSeries } from "./get-vm-state-series";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date(Date.UTC(2025, 5, 10, 12, 0, 30));
const nowMs = NOW.getTime();
const minuteStart = nowMs - (nowMs % MINUTE);

function series(db: Db, input: SeriesInput) {
  return getVmStateSeries({ db, input: seriesInput.parse(input), now: NOW });
}

describe("getVmStateSeries", () => {
  let db: Db;
  let a: { id: number };
  let b: { id: number };

  beforeEach(async () => {
    db = await openTestDb();
    a = await createCloud(db);
    b = await createCloud(db);
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("returns one point per minute over the last hour, summed across clouds", async () => {
    await createMinuteSample(db, { cloudId: a.id, ts: minuteStart - 2 * MINUTE, running: 10, booting: 2 });
    await createMinuteSample(db, { cloudId: b.id, ts: minuteStart - 2 * MINUTE, running: 5, error: 1 });
    await createMinuteSample(db, { cloudId: a.id, ts: minuteStart - MINUTE, running: 11, lost: 1 });
    await createMinuteSample(db, { cloudId: a.id, ts: minuteStart - 2 * HOUR, running: 99 });

    const result = await series(db, { range: "1h" });

    expect(result.bucketMs).toBe(MINUTE);
    expect(result.points).toEqual([
      { ts: minuteStart - 2 * MINUTE, requested: 0, booting: 2, running: 15, draining: 0, error: 1, lost: 0 },
      { ts: minuteStart - MINUTE, requested: 0, booting: 0, running: 11, draining: 0, error: 0, lost: 1 },
    ]);
  });

  it("keeps to one cloud when asked", async () => {
    await createMinuteSample(db, { cloudId: a.id, ts: minuteStart, running: 10 });
    await createMinuteSample(db, { cloudId: b.id, ts: minuteStart, running: 5 });
    const result = await series(db, { range: "1h", cloudId: b.id });
    expect(result.points.map((p) => p.running)).toEqual([5]);
  });

  it("buckets 24h into 15 minutes, averaging each cloud's minutes before summing clouds", async () => {
    const bucket = 15 * MINUTE;
    const start = minuteStart - (minuteStart % bucket) - bucket;
    await createMinuteSample(db, { cloudId: a.id, ts: start, running: 10 });
    await createMinuteSample(db, { cloudId: a.id, ts: start + MINUTE, running: 20 });
    await createMinuteSample(db, { cloudId: a.id, ts: start + 14 * MINUTE, running: 30 });
    await createMinuteSample(db, { cloudId: b.id, ts: start + 7 * MINUTE, running: 4 });
    await createMinuteSample(db, { cloudId: a.id, ts: start + bucket, running: 1 });

    const result = await series(db, { range: "24h" });

    expect(result.bucketMs).toBe(bucket);
    expect(result.points.map((p) => [p.ts, p.running])).toEqual([
      [start, 24],
      [start + bucket, 1],
    ]);
  });

  it("reads hourly rollups for 7d and 30d and drops samples outside the window", async () => {
    const hourStart = nowMs - (nowMs % HOUR);
    await createHourSample(db, { cloudId: a.id, ts: hourStart - 3 * HOUR, running: 7 });
    await createHourSample(db, { cloudId: a.id, ts: hourStart - 10 * 24 * HOUR, running: 8 });
    await createMinuteSample(db, { cloudId: a.id, ts: minuteStart, running: 1000 });

    const week = await series(db, { range: "7d" });
    const month = await series(db, { range: "30d" });

    expect(week.bucketMs).toBe(HOUR);
    expect(week.points.map((p) => p.running)).toEqual([7]);
    expect(month.points.map((p) => p.running)).toEqual([8, 7]);
    expect(month.from).toBe(hourStart - 30 * 24 * HOUR);
    expect(month.to).toBe(nowMs);
  });

  it("returns no points when nothing was sampled", async () => {
    expect((await series(db, {})).points).toEqual([]);
  });
});
