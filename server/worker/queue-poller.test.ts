import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { ManualClock } from "@/server/sim/core/clock";
import { PandaJobModel } from "@/server/sim/panda/job-model";
import { NO_PANDA_FAULTS, startPandaSim, type PandaSimEndpoint } from "@/server/sim/panda/server";
import { createCloud } from "@/server/testing/factories";
import { getQueueJobSeries } from "../services/get-queue-job-series";
import { getQueue } from "../services/list-queues";
import { upsertQueues } from "../services/upsert-queues";
import { QueuePoller } from "./queue-poller";

const KEY = Buffer.alloc(32, 7);
const SPEC = { name: "IAAS_CA", meanArrivalsPerMin: 6, burstEveryMin: 1_000_000, burstJobs: [0, 0] as const, jobMinutes: 10, failureRate: 0.1, modelledSlots: 30 };

describe("polling PanDA queues", () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 12, 0));
  const model = new PandaJobModel({ clock, seed: 3, queues: [SPEC] });
  let sim: PandaSimEndpoint;
  let db: Db;
  let poller: QueuePoller;

  beforeAll(async () => {
    sim = await startPandaSim(model, { token: "tok" });
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    db = await openTestDb();
    const cloud = await createCloud(db, { name: "UVic Nefos" });
    await upsertQueues({ db, key: KEY, queues: [{ name: "IAAS_CA", clouds: ["UVic Nefos"], endpoint: sim.url, token: "tok", pollSec: 60 }], now: new Date(clock.now()) });
    expect((await getQueue({ db, name: "IAAS_CA" })).clouds).toEqual([{ id: cloud.id, name: "UVic Nefos" }]);
    poller = new QueuePoller({ db, key: KEY, now: () => new Date(clock.now()) });
  });
  afterEach(() => closeDb(db));

  it("stores each queue's jobs by state and a per-minute sample the chart reads; a failing PanDA shows its error and keeps the last counts", async () => {
    model.submitTask("IAAS_CA", 200);
    clock.advance(30 * 60_000);
    await poller.tick();
    const truth = model.countJobs(60).get("IAAS_CA")!;
    const first = await getQueue({ db, name: "IAAS_CA" });
    expect(first.jobs).toMatchObject({ activated: truth.activated, running: truth.running, finished: truth.finished, failed: truth.failed });
    expect(first.failureRate).toBeCloseTo(truth.failed / (truth.finished + truth.failed));
    expect(first.poll).toMatchObject({ lastError: null, consecutiveFailures: 0 });

    // Not due again until its interval has passed.
    clock.advance(30_000);
    sim.setFaults({ down: true });
    await poller.tick();
    expect((await getQueue({ db, name: "IAAS_CA" })).poll.consecutiveFailures).toBe(0);

    clock.advance(31_000);
    await poller.tick();
    const failing = await getQueue({ db, name: "IAAS_CA" });
    expect(failing.poll).toMatchObject({ consecutiveFailures: 1, lastError: "PanDA answered HTTP 503 with a body that is not JSON" });
    expect(failing.jobs).toEqual(first.jobs);
    expect(failing.countedAt).toEqual(first.countedAt);
    sim.setFaults(NO_PANDA_FAULTS);

    const series = await getQueueJobSeries({ db, input: { range: "1h", queueId: first.id }, now: new Date(clock.now()) });
    expect(series.points).toHaveLength(2);
    expect(series.points[0]).toMatchObject({ activated: truth.activated, running: truth.running, failed: truth.failed });
    const day = await getQueueJobSeries({ db, input: { range: "7d", queueId: first.id }, now: new Date(clock.now()) });
    expect(day.points).toEqual([expect.objectContaining({ activated: truth.activated, running: truth.running })]);
  });
});
