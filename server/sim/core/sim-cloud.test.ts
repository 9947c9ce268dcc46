import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { DRAIN_METADATA_KEY, SimCloud } from "./sim-cloud";

const JOB_MS = 10_000;

function cloudWith(clock: ManualClock, jobsPerVm = 5): SimCloud {
  return new SimCloud({
    name: "test",
    seed: 1,
    clock,
    quota: { instances: 10, cores: 100, ramMb: 100_000 },
    flavors: [{ id: "f", name: "f", vcpus: 1, ramMb: 1024, diskGb: 10 }],
    images: [{ id: "img", name: "img", os: "linux", sizeBytes: 1, sha512: "" }],
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [1_000, 1_000],
    bootFailureRate: 0,
    jobMs: [JOB_MS, JOB_MS],
    jobsPerVm: [jobsPerVm, jobsPerVm],
  });
}

describe("SimCloud job accounting", () => {
  it("counts a job cut short by a delete as killed, and whole jobs as completed", () => {
    const clock = new ManualClock();
    const cloud = cloudWith(clock);
    const vm = cloud.createVm({ name: "a", imageId: "img", flavorId: "f" });
    clock.advance(2_000 + 2 * JOB_MS + JOB_MS / 2);
    expect(cloud.isRunningJob(vm.id)).toBe(true);
    expect(cloud.jobsCompleted).toBe(2);
    cloud.deleteVm(vm.id);
    expect(cloud.jobsKilled).toBe(1);
    clock.advance(10 * JOB_MS);
    expect(cloud.jobsCompleted).toBe(2);
  });

  it("lets a drained VM finish the job it runs, then power off; deleting it then kills nothing", () => {
    const clock = new ManualClock();
    const cloud = cloudWith(clock);
    const vm = cloud.createVm({ name: "a", imageId: "img", flavorId: "f" });
    clock.advance(2_000 + JOB_MS + 3_000);
    cloud.setMetadata(vm.id, { [DRAIN_METADATA_KEY]: new Date(clock.now()).toISOString() });
    clock.advance(JOB_MS - 3_000 - 1);
    expect(cloud.getVm(vm.id)?.phase).toBe("running");
    clock.advance(1);
    expect(cloud.getVm(vm.id)?.phase).toBe("stopped");
    expect(cloud.isRunningJob(vm.id)).toBe(false);
    cloud.deleteVm(vm.id);
    expect(cloud.jobsKilled).toBe(0);
    expect(cloud.jobsCompleted).toBe(2);
  });

  it("takes no job on a VM drained before it booted", () => {
    const clock = new ManualClock();
    const cloud = cloudWith(clock);
    const vm = cloud.createVm({ name: "a", imageId: "img", flavorId: "f" });
    clock.advance(1_500);
    expect(cloud.getVm(vm.id)?.phase).toBe("booting");
    cloud.setMetadata(vm.id, { [DRAIN_METADATA_KEY]: "now" });
    clock.advance(1_000);
    expect(cloud.getVm(vm.id)?.phase).toBe("stopped");
    expect(cloud.jobsCompleted).toBe(0);
  });

  it("keeps counting the jobs of VMs the cloud no longer lists", () => {
    const clock = new ManualClock();
    const cloud = cloudWith(clock, 2);
    const vm = cloud.createVm({ name: "a", imageId: "img", flavorId: "f" });
    clock.advance(2_000 + 2 * JOB_MS);
    cloud.deleteVm(vm.id);
    clock.advance(1);
    expect(cloud.listVms()).toHaveLength(0);
    expect(cloud.jobsCompleted).toBe(2);
    expect(cloud.jobsKilled).toBe(0);
  });
});
