import { describe, expect, it } from "vitest";
import { autoscalePolicy, type AutoscalePolicyInput } from "./autoscale-policy";
import { planAutoscaling, type BootOutcome, type PlanCloud, type PlanDecision, type PlanInput, type PlanQueue, type PlanVm } from "./autoscale-plan";

const NOW = Date.UTC(2026, 11, 3, 14, 0);
const MIN = 60_000;
const LX: PlanCloud = { id: 1, name: "LxCloud", unavailable: null, quotaFree: 100 };
const STRATUS: PlanCloud = { id: 2, name: "StratusLab", unavailable: null, quotaFree: 100 };

function policy(overrides: Partial<AutoscalePolicyInput> = {}) {
  return autoscalePolicy.parse({ clouds: [{ cloudId: 1, weight: 1, image: "img", flavor: "m1.large" }], jobsPerVm: 8, maxVms: 500, ...overrides });
}

function queue(overrides: Omit<Partial<PlanQueue>, "demand"> & { demand?: Partial<PlanQueue["demand"]> } = {}): PlanQueue {
  const { demand, ...rest } = overrides;
  return { id: 1, name: "IAAS_CA", policy: policy(), ...rest, demand: { activated: 0, running: 0, countedAt: NOW - MIN, error: null, activatedZeroSince: null, ...demand } };
}

function runningVms(n: number, cloudId = 1, extra: Partial<PlanVm> = {}): PlanVm[] {
  return Array.from({ length: n }, (_, i) => ({ id: cloudId * 1000 + i, cloudId, queue: "IAAS_CA", state: "running" as const, requestedAt: NOW - 65 * MIN, runningAt: NOW - (60 - i) * MIN, ...extra }));
}

function plan(overrides: Partial<PlanInput>): PlanDecision[] {
  return planAutoscaling({ now: NOW, pause: null, queues: [queue()], clouds: [LX], vms: [], boots: [], ...overrides });
}

const only = (decisions: PlanDecision[], kind: PlanDecision["kind"]) => decisions.filter((d) => d.kind === kind);

describe("the autoscaling plan", () => {
  it("meets a demand spike with launches, at most five per cloud per tick, saying why", () => {
    const decisions = plan({ queues: [queue({ demand: { activated: 480, running: 384 } })], vms: runningVms(48) });
    expect(only(decisions, "launch")).toEqual([
      expect.objectContaining({ cloud: "LxCloud", count: 5, reason: "LxCloud: +5 VMs: 480 activated and 384 running jobs at 8 jobs/VM need 108, 48 live; at most 5 per cloud per tick" }),
    ]);
    expect(only(plan({ queues: [queue({ demand: { activated: 480, running: 384 } })], vms: runningVms(48), maxLaunchesPerCloudPerTick: 100 }), "launch")[0]?.count).toBe(60);
  });

  it("is bound by the quota: launches what it allows, and says when it is full", () => {
    const spike = queue({ demand: { activated: 480 } });
    expect(only(plan({ queues: [spike], clouds: [{ ...LX, quotaFree: 3 }] }), "launch")).toEqual([expect.objectContaining({ count: 3, reason: expect.stringMatching(/\+3 VMs: .*; quota allows 3$/) })]);
    const full = plan({ queues: [spike], clouds: [{ ...LX, quotaFree: 0 }] });
    expect(only(full, "launch")).toEqual([]);
    expect(full).toContainEqual(expect.objectContaining({ kind: "hold", reason: "LxCloud: no launch: its quota is full" }));
  });

  it("drains down to the minimum when activated jobs stay at zero past the idle time, never before", () => {
    const idle = (zeroForMin: number) => queue({ policy: policy({ minVms: 2, idleMinutes: 20 }), demand: { activated: 0, running: 0, activatedZeroSince: NOW - zeroForMin * MIN } });
    const drains = only(plan({ queues: [idle(25)], vms: runningVms(10) }), "drain");
    expect(drains).toEqual([expect.objectContaining({ count: 8, reason: "LxCloud: drain 8 VMs: no activated jobs for 25 min, 0 running jobs need 2 of 10 live VMs" })]);
    // The oldest VMs go first.
    expect(drains[0]?.vmIds).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007]);
    const early = plan({ queues: [idle(5)], vms: runningVms(10) });
    expect(only(early, "drain")).toEqual([]);
    expect(early[0]?.reason).toBe("No drain yet: no activated jobs for 5 min; drains after 20 min idle");
  });

  it("backs off a cloud whose boots keep failing and sends the demand to the others, then freezes it", () => {
    const failed = (n: number, cloudId = 2): BootOutcome[] => Array.from({ length: n }, (_, i) => ({ cloudId, at: NOW - (2 + i) * MIN, ok: false }));
    const twoClouds = queue({ policy: policy({ clouds: [{ cloudId: 1, weight: 1, image: "i", flavor: "f" }, { cloudId: 2, weight: 1, image: "i", flavor: "f" }] }), demand: { activated: 80 } });
    const backingOff = plan({ queues: [twoClouds], clouds: [LX, STRATUS], boots: [...failed(3), { cloudId: 2, at: NOW - 30 * MIN, ok: true }] });
    expect(backingOff).toContainEqual(expect.objectContaining({ kind: "hold", cloud: "StratusLab", reason: "StratusLab: no launch: 3 of the last 4 boots failed, backing off until 14:08" }));
    expect(only(backingOff, "launch")).toEqual([expect.objectContaining({ cloud: "LxCloud", count: 5 })]);
    // Each further failure doubles the wait; eight in a row freeze the cloud.
    expect(plan({ queues: [twoClouds], clouds: [LX, STRATUS], boots: failed(4) })).toContainEqual(expect.objectContaining({ reason: expect.stringContaining("backing off until 14:18") }));
    expect(plan({ queues: [twoClouds], clouds: [LX, STRATUS], boots: failed(8) })).toContainEqual(
      expect.objectContaining({ reason: "StratusLab: no launch: frozen after 8 failed boots in a row; an operator must look at it before it is tried again" }),
    );
    // Once the back-off has run out the cloud is tried again.
    expect(only(plan({ queues: [twoClouds], clouds: [LX, STRATUS], boots: failed(3).map((b) => ({ ...b, at: b.at - 60 * MIN })) }), "launch")).toHaveLength(2);
  });

  it("retires VMs past the boot timeout or without a job past the job-start timeout as failed boots, and VMs past their lifetime", () => {
    const vms: PlanVm[] = [
      { id: 1, cloudId: 1, queue: "IAAS_CA", state: "booting", requestedAt: NOW - 130 * MIN, runningAt: null },
      { id: 2, cloudId: 1, queue: "IAAS_CA", state: "running", requestedAt: NOW - 60 * MIN, runningAt: NOW - 40 * MIN, firstJobAt: null },
      { id: 3, cloudId: 1, queue: "IAAS_CA", state: "running", requestedAt: NOW - 60 * MIN, runningAt: NOW - 40 * MIN },
      { id: 4, cloudId: 1, queue: "IAAS_CA", state: "running", requestedAt: NOW - 50 * 60 * MIN, runningAt: NOW - 49 * 60 * MIN, firstJobAt: NOW - 49 * 60 * MIN },
    ];
    const drains = only(plan({ queues: [queue({ demand: { activated: 0, running: 16 } })], vms }), "drain");
    expect(drains.map((d) => [d.vmIds, d.failedBoot])).toEqual([
      [[1], true],
      [[2], true],
      [[4], false],
    ]);
    expect(drains[0]?.reason).toBe("LxCloud: drain VM 1: not running 130 min after it was requested (boot timeout 2 h); counted as a failed boot");
    expect(drains[1]?.reason).toBe("LxCloud: drain VM 2: no job 40 min after it started running (job-start timeout 30 min); counted as a failed boot");
    expect(drains[2]?.reason).toMatch(/^LxCloud: drain VM 4: past its max lifetime of 48 h .*it will be replaced$/);
  });

  it("shares a cloud between competing queues by their weights", () => {
    const weighted = (id: number, name: string, weight: number) =>
      queue({ id, name, policy: policy({ clouds: [{ cloudId: 1, weight, image: "i", flavor: "f" }] }), demand: { activated: 400 } });
    const launches = only(plan({ queues: [weighted(1, "HEAVY", 3), weighted(2, "LIGHT", 1)] }), "launch");
    expect(launches.map((d) => [d.queue, d.count])).toEqual([
      ["HEAVY", 4],
      ["LIGHT", 1],
    ]);
    expect(launches[1]?.reason).toMatch(/shared with other queues by weight$/);
  });

  it("plans nothing while autoscaling is paused, saying who paused it and why", () => {
    const decisions = plan({ pause: { by: "operator", reason: "INC-42: Keystone outage" }, queues: [queue({ demand: { activated: 480 } })] });
    expect(decisions).toEqual([expect.objectContaining({ kind: "hold", reason: "Autoscaling is paused by operator: INC-42: Keystone outage" })]);
  });

  it("holds without current PanDA data: never drains because the data is missing", () => {
    const idleVms = runningVms(10);
    for (const demand of [{ countedAt: null }, { countedAt: NOW - 20 * MIN }, { error: "PanDA refused (HTTP 200): time_window needs to be a positive integer" }]) {
      const decisions = plan({ queues: [queue({ demand: { activated: 0, activatedZeroSince: NOW - 60 * MIN, ...demand } })], vms: idleVms });
      expect(decisions).toEqual([expect.objectContaining({ kind: "hold", reason: expect.stringMatching(/^Holding: .*; no launch or drain without current data$/) })]);
    }
  });
});

describe("the autoscaling policy", () => {
  it("refuses min above max, zero jobs per VM and a negative weight, naming the field", () => {
    const problems = autoscalePolicy.safeParse({ minVms: 5, maxVms: 2, jobsPerVm: 0, clouds: [{ cloudId: 1, weight: -1, image: "i", flavor: "f" }] });
    expect(problems.success).toBe(false);
    const byField = Object.fromEntries(problems.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toMatchObject({ jobsPerVm: expect.stringContaining("at least 1"), "clouds.0.weight": "A weight cannot be below zero" });
    expect(autoscalePolicy.safeParse({ minVms: 5, maxVms: 2, clouds: [{ cloudId: 1, weight: 1, image: "i", flavor: "f" }] }).error?.issues[0]).toMatchObject({ path: ["minVms"], message: "Minimum VMs (5) is above maximum VMs (2)" });
  });

  it("is dry-run unless acting is switched on", () => {
    expect(policy().acting).toBe(false);
  });
});
