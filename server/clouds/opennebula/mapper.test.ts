import { describe, expect, it } from "vitest";
import type { OneUser, OneVm } from "./api-types";
import { describeState, mapImage, mapQuota, mapState, mapVm } from "./mapper";

describe("mapState and describeState", () => {
  it.each([
    // STATE, LCM_STATE, drain flag, our state, what the console shows
    [0, 0, false, "requested", "INIT"],
    [1, 0, false, "requested", "PENDING"],
    [2, 0, false, "requested", "HOLD"],
    [3, 1, false, "booting", "PROLOG"],
    [3, 2, false, "booting", "BOOT"],
    [3, 3, false, "running", "RUNNING"],
    [3, 3, true, "draining", "RUNNING"],
    [3, 4, false, "running", "MIGRATE"],
    [3, 17, true, "draining", "HOTPLUG"],
    [3, 11, false, "terminated", "EPILOG"],
    [3, 12, false, "terminated", "SHUTDOWN"],
    [3, 18, false, "terminated", "SHUTDOWN_POWEROFF"],
    [3, 29, false, "terminated", "SHUTDOWN_UNDEPLOY"],
    [3, 14, false, "error", "FAILURE"],
    [3, 16, false, "error", "UNKNOWN"],
    [3, 36, false, "error", "BOOT_FAILURE"],
    [3, 39, true, "error", "PROLOG_FAILURE"],
    [3, 99, false, "error", "LCM_STATE_99"],
    [4, 0, false, "terminated", "STOPPED"],
    [5, 0, false, "terminated", "SUSPENDED"],
    [6, 0, false, "terminated", "DONE"],
    [7, 0, false, "error", "FAILED"],
    [8, 0, true, "terminated", "POWEROFF"],
    [9, 0, false, "terminated", "UNDEPLOYED"],
    [10, 0, false, "requested", "CLONING"],
    [11, 0, false, "error", "CLONING_FAILURE"],
    [12, 0, false, "error", "STATE_12"],
  ] as const)("STATE %i / LCM %i (drain %s) is %s, shown as %s", (state, lcm, drain, expected, shown) => {
    expect(mapState(state, lcm, drain)).toBe(expected);
    expect(describeState(state, lcm)).toBe(shown);
  });
});

const vm = (overrides: Partial<OneVm> = {}): OneVm => ({
  ID: 12,
  NAME: "atlas-wn-12",
  STATE: 3,
  LCM_STATE: 3,
  STIME: 1_767_225_600,
  TEMPLATE: { NIC: [{ NETWORK: "private" }, { IP: "134.158.1.12", NETWORK: "public" }], DISK: [{ IMAGE_ID: "7" }], VCPU: 2, MEMORY: 4096 },
  USER_TEMPLATE: { CLOUDSCOPE_TOKEN: "act-9", PANDA_QUEUE: "GRIF-LAL_CLOUD", SCHED_RANK: { nested: true } },
  ...overrides,
});

describe("mapVm", () => {
  it("maps a running VM, metadata keys lower-cased (so reconcile finds PANDA_QUEUE as panda_queue)", () => {
    expect(mapVm(vm())).toEqual({
      providerId: "12",
      name: "atlas-wn-12",
      state: "running",
      rawState: "RUNNING",
      flavorId: "medium",
      imageId: "7",
      ip: "134.158.1.12",
      createdAt: new Date("2026-01-01T00:00:00Z"),
      metadata: { cloudscope_token: "act-9", panda_queue: "GRIF-LAL_CLOUD" },
      fault: null,
    });
  });

  it("shows a running VM with the drain flag as draining", () => {
    expect(mapVm(vm({ USER_TEMPLATE: { CLOUDSCOPE_DRAIN: "1" } }))).toMatchObject({ state: "draining", rawState: "RUNNING" });
  });

  it("gives OpenNebula's ERROR as the fault of a failed VM, in either form", () => {
    expect(mapVm(vm({ LCM_STATE: 36, USER_TEMPLATE: { ERROR: "Error deploying virtual machine" } }))).toMatchObject({ state: "error", fault: "Error deploying virtual machine", metadata: {} });
    expect(mapVm(vm({ STATE: 7, USER_TEMPLATE: { ERROR: { MESSAGE: "Error executing image transfer script", TIMESTAMP: "Tue Jun 4" } } }))).toMatchObject({
      state: "error",
      fault: "Error executing image transfer script",
    });
  });

  it("leaves flavor, image and ip empty when the template has none of ours", () => {
    expect(mapVm(vm({ TEMPLATE: { NIC: [], DISK: [], VCPU: 3, MEMORY: 1000 }, STIME: 0 }))).toMatchObject({ flavorId: null, imageId: null, ip: null, createdAt: null });
  });
});

describe("mapImage", () => {
  it("gives the size in bytes and the state as a word", () => {
    expect(mapImage({ ID: 7, NAME: "CernVM 3", TYPE: 0, STATE: 1, SIZE: 20480, TEMPLATE: { MD5: "abc" } })).toEqual({
      providerId: "7",
      name: "CernVM 3",
      status: "ready",
      sizeBytes: 20480 * 1024 * 1024,
      checksum: "abc",
      os: null,
    });
  });
});

describe("mapQuota", () => {
  const figures = (limits: [number, number, number], used: [number, number, number] = [2, 4, 8192]) => ({
    VMS: limits[0],
    CPU: limits[1],
    MEMORY: limits[2],
    VMS_USED: used[0],
    CPU_USED: used[1],
    MEMORY_USED: used[2],
  });

  it("reads the user's own limits", () => {
    const user: OneUser = { VM_QUOTA: { VM: figures([10, 20, 40960]) }, DEFAULT_USER_QUOTAS: { VM_QUOTA: {} } };
    expect(mapQuota(user)).toEqual({ instances: { used: 2, limit: 10 }, cores: { used: 4, limit: 20 }, ramMb: { used: 8192, limit: 40960 } });
  });

  it("resolves -1 through the default quotas and treats -2 as unlimited", () => {
    const user: OneUser = { VM_QUOTA: { VM: figures([-1, -2, -1]) }, DEFAULT_USER_QUOTAS: { VM_QUOTA: { VM: figures([30, 60, -2], [0, 0, 0]) } } };
    expect(mapQuota(user)).toEqual({ instances: { used: 2, limit: 30 }, cores: { used: 4, limit: null }, ramMb: { used: 8192, limit: null } });
  });

  it("holds a user who never allocated a VM to the defaults, nothing used", () => {
    const user: OneUser = { VM_QUOTA: {}, DEFAULT_USER_QUOTAS: { VM_QUOTA: { VM: figures([5, 10, 20480], [0, 0, 0]) } } };
    expect(mapQuota(user)).toEqual({ instances: { used: 0, limit: 5 }, cores: { used: 0, limit: 10 }, ramMb: { used: 0, limit: 20480 } });
  });
});
