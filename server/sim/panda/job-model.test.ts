import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock";
import { PandaJobModel, type QueueCapacity } from "./job-model";

const SPEC = { name: "IAAS_US", meanArrivalsPerMin: 0, burstEveryMin: 1_000_000, burstJobs: [0, 0] as const, jobMinutes: 1e9, failureRate: 0, modelledSlots: 0 };

describe("the PanDA sim's job model", () => {
  it("runs jobs only in the slots the fleet's VMs offer: more VMs raise running jobs, drained ones take no new jobs, vanished ones fail theirs", () => {
    const clock = new ManualClock();
    let capacity: QueueCapacity = { accepting: 0, total: 0 };
    const model = new PandaJobModel({ clock, seed: 1, queues: [SPEC], capacity: () => capacity });
    model.submitTask("IAAS_US", 100);
    const after = (minutes: number) => {
      clock.advance(minutes * 60_000);
      return model.countJobs(60).get("IAAS_US")!;
    };
    // A few waiting jobs are cancelled by hand now and then: activated is about, not exactly, what is left.
    const waiting = after(3);
    expect(waiting).toMatchObject({ running: 0 });
    expect(waiting.activated).toBeGreaterThan(95);
    capacity = { accepting: 40, total: 40 };
    const served = after(3);
    expect(served.running).toBe(40);
    expect(served.activated).toBeLessThanOrEqual(waiting.activated - 40);
    // Draining: the VMs finish their jobs but take no new ones.
    capacity = { accepting: 0, total: 40 };
    expect(after(3).running).toBe(40);
    // Lost: their jobs fail.
    capacity = { accepting: 0, total: 10 };
    expect(after(3)).toMatchObject({ running: 10, failed: 30 });
  });
});
