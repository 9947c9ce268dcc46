import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@/server/sim/core/clock";
import { PandaJobModel } from "@/server/sim/panda/job-model";
import { NO_PANDA_FAULTS, startPandaSim, type PandaSimEndpoint } from "@/server/sim/panda/server";
import { createPandaDriver } from "./driver";
import { PandaApiError } from "./errors";

const QUEUE = { name: "IAAS_CA", meanArrivalsPerMin: 4, burstEveryMin: 1_000_000, burstJobs: [0, 0] as const, jobMinutes: 10, failureRate: 0.5, modelledSlots: 40 };

describe("PanDA driver against the PanDA sim", () => {
  const clock = new ManualClock();
  const model = new PandaJobModel({ clock, seed: 7, queues: [QUEUE, { ...QUEUE, name: "ANALY_DESY-HH", modelledSlots: 0 }] });
  let sim: PandaSimEndpoint;
  beforeAll(async () => {
    sim = await startPandaSim(model, { token: "t0ken" });
  });
  afterAll(() => sim.close());
  const driver = (token = "t0ken", timeoutMs = 5_000) => createPandaDriver({ baseUrl: sim.url, token, timeoutMs });
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => (err instanceof PandaApiError ? err : null));

  it("reads each queue's jobs by state, resource types summed, as the model counts them", async () => {
    model.submitTask("ANALY_DESY-HH", 300);
    clock.advance(45 * 60_000);
    const counts = await driver().fetchQueueJobCounts();
    const truth = model.countJobs(60);
    const desy = truth.get("ANALY_DESY-HH")!;
    // No slots: the task's jobs all wait for a pilot.
    expect(counts.get("ANALY_DESY-HH")).toMatchObject({ activated: desy.activated, running: 0, finished: 0 });
    expect(desy.activated).toBeGreaterThanOrEqual(300);
    const ca = truth.get("IAAS_CA")!;
    expect(counts.get("IAAS_CA")).toEqual({
      activated: ca.activated,
      starting: ca.starting + ca.sent,
      running: ca.running,
      holding: ca.holding + ca.transferring,
      finished: ca.finished,
      failed: ca.failed,
      cancelled: ca.cancelled + ca.closed,
    });
    expect(ca.running).toBeGreaterThan(0);
    expect(ca.failed).toBeGreaterThan(0);
  });

  it("names the cause of every failure: a wrong token, success:false, a down server, a malformed reply, no answer", async () => {
    expect(await failure(driver("wrong").fetchQueueJobCounts())).toMatchObject({ kind: "refused", message: expect.stringContaining("token") });
    sim.setFaults({ refuse: "time_window needs to be a positive integer smaller than 10080" });
    expect(await failure(driver().fetchQueueJobCounts())).toMatchObject({ kind: "refused", message: expect.stringContaining("time_window needs to be") });
    sim.setFaults({ ...NO_PANDA_FAULTS, down: true });
    expect(await failure(driver().fetchQueueJobCounts())).toMatchObject({ kind: "http", message: expect.stringContaining("HTTP 503") });
    sim.setFaults({ ...NO_PANDA_FAULTS, malformed: true });
    expect(await failure(driver().fetchQueueJobCounts())).toMatchObject({ kind: "malformed_reply", message: expect.stringMatching(/field "data\.(IAAS_CA|ANALY_DESY-HH)"/) });
    sim.setFaults({ ...NO_PANDA_FAULTS, timeout: true });
    expect(await failure(driver("t0ken", 200).fetchQueueJobCounts())).toMatchObject({ kind: "timeout" });
    sim.setFaults(NO_PANDA_FAULTS);
    expect((await driver().fetchQueueJobCounts()).size).toBe(2);
  });
});
