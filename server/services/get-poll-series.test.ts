import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { createCloud, createHourSample, createMinuteSample } from "@/server/testing/factories";
import { seriesInput, type SeriesInput } from "./lib/chart-range";
import { getPollSeries } from "./get-poll-series";

const MINUTE = 60_000;
const NOW = new Date(Date.UTC(2025, 5, 10, 12, 0, 0));
const nowMs = NOW.getTime();

function series(db: Db, input: SeriesInput) {
  return getPollSeries({ db, input: seriesInput.parse(input), now: NOW });
}

describe("getPollSeries", () => {
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

  it("weights latency by poll count and sums errors across clouds", async () => {
    await createMinuteSample(db, { cloudId: a.id, ts: nowMs - MINUTE, pollLatencyMs: 100, polls: 3, pollErrors: 1 });
    await createMinuteSample(db, { cloudId: b.id, ts: nowMs - MINUTE, pollLatencyMs: 500, polls: 1, pollErrors: 1 });

    const result = await series(db, { range: "1h" });

    expect(result.points).toEqual([{ ts: nowMs - MINUTE, latencyMs: 200, polls: 4, errors: 2 }]);
  });

  it("reports no latency for a bucket without polls", async () => {
    await createMinuteSample(db, { cloudId: a.id, ts: nowMs - MINUTE, pollLatencyMs: 0, polls: 0 });
    expect((await series(db, { range: "1h" })).points).toEqual([{ ts: nowMs - MINUTE, latencyMs: null, polls: 0, errors: 0 }]);
  });

  it("buckets 24h into 15 minutes for one cloud", async () => {
    const bucket = 15 * MINUTE;
    const start = nowMs - bucket;
    await createMinuteSample(db, { cloudId: a.id, ts: start, pollLatencyMs: 100, polls: 1 });
    await createMinuteSample(db, { cloudId: a.id, ts: start + 5 * MINUTE, pollLatencyMs: 300, polls: 1, pollErrors: 1 });
    await createMinuteSample(db, { cloudId: b.id, ts: start, pollLatencyMs: 900, polls: 1 });

    const result = await series(db, { range: "24h", cloudId: a.id });

    expect(result.points).toEqual([{ ts: start, latencyMs: 200, polls: 2, errors: 1 }]);
  });

  it("reads hourly rollups for 7d", async () => {
    const hour = 3_600_000;
    await createHourSample(db, { cloudId: a.id, ts: nowMs - 2 * hour, pollLatencyMs: 250, polls: 60, pollErrors: 6 });
    await createMinuteSample(db, { cloudId: a.id, ts: nowMs - MINUTE, pollLatencyMs: 9999, polls: 1 });
    expect((await series(db, { range: "7d" })).points).toEqual([{ ts: nowMs - 2 * hour, latencyMs: 250, polls: 60, errors: 6 }]);
  });
});
