import { describe, expect, it } from "vitest";
import { computeQuotaImpact, countFittingVms } from "./quota-impact";

const quotas = [
  { resource: "instances" as const, used: 10, limit: 50 },
  { resource: "cores" as const, used: 40, limit: 100 },
  { resource: "ram_mb" as const, used: 8192, limit: null },
];

describe("launch quota impact", () => {
  it("adds count × flavor to what is used, per resource", () => {
    const impact = computeQuotaImpact(quotas, 5, { vcpus: 4, ramMb: 8192 });
    expect(impact.map((i) => [i.resource, i.used, i.adds, i.after, i.over])).toEqual([
      ["instances", 10, 5, 15, false],
      ["cores", 40, 20, 60, false],
      ["ram_mb", 8192, 40960, 49152, false],
    ]);
    expect(impact[1]!.text).toBe("40 + 20 = 60 of 100");
    expect(impact[2]!.text).toBe("8 GB + 40 GB = 48 GB no limit");
  });

  it("marks a resource over its limit with how much", () => {
    const impact = computeQuotaImpact(quotas, 20, { vcpus: 4, ramMb: 2048 });
    const cores = impact.find((i) => i.resource === "cores")!;
    expect(cores).toMatchObject({ after: 120, over: true });
    expect(cores.text).toBe("40 + 80 = 120 of 100 (20 over)");
    expect(impact.find((i) => i.resource === "instances")!.over).toBe(false);
  });

  it("counts instances only until a flavor is chosen, and nothing for an invalid count", () => {
    expect(computeQuotaImpact(quotas, 3, null).map((i) => i.adds)).toEqual([3, 0, 0]);
    expect(computeQuotaImpact(quotas, Number.NaN, null).map((i) => i.adds)).toEqual([0, 0, 0]);
  });

  it("skips resources the cloud does not report", () => {
    expect(computeQuotaImpact([], 3, { vcpus: 1, ramMb: 1 })).toEqual([]);
  });

  it("counts the VMs that still fit under every limit, for launching what fits", () => {
    // 40 instances left, but 60 cores: 15 VMs of 4 cores.
    expect(countFittingVms(quotas, { vcpus: 4, ramMb: 8192 })).toBe(15);
    expect(countFittingVms([{ resource: "cores", used: 100, limit: 100 }], { vcpus: 2, ramMb: 1 })).toBe(0);
    expect(countFittingVms(quotas, null)).toBeNull();
    expect(countFittingVms([{ resource: "ram_mb", used: 0, limit: null }], { vcpus: 2, ramMb: 1 })).toBeNull();
  });
});
