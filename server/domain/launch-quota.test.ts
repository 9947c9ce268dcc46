import { describe, expect, it } from "vitest";
import { findQuotaShortfall } from "./launch-quota";

const none = { instances: 0, cores: 0, ramMb: 0 };
const cern = { cloudName: "CERN LxCloud", count: 40, vcpus: 4, ramMb: 8192 };

describe("findQuotaShortfall", () => {
  it("says which quota a launch exceeds, with the numbers", () => {
    const quotas = [
      { resource: "instances" as const, used: 60, limit: 120 },
      { resource: "cores" as const, used: 468, limit: 480 },
    ];
    expect(findQuotaShortfall(cern, quotas, none)).toBe("Over quota on CERN LxCloud: 40 VMs need 160 cores, 12 of 480 free");
  });

  it("counts VMs requested but not yet in the cloud's figures", () => {
    const quotas = [{ resource: "instances" as const, used: 100, limit: 120 }];
    expect(findQuotaShortfall({ ...cern, count: 10 }, quotas, none)).toBeNull();
    expect(findQuotaShortfall({ ...cern, count: 10 }, quotas, { instances: 15, cores: 60, ramMb: 0 })).toBe(
      "Over quota on CERN LxCloud: 10 VMs need 10 instances, 5 of 120 free (15 already requested and not yet counted by the cloud)",
    );
  });

  it("never refuses on unlimited or unreported quotas", () => {
    expect(findQuotaShortfall(cern, [{ resource: "cores", used: 10_000, limit: null }], none)).toBeNull();
    expect(findQuotaShortfall(cern, [], none)).toBeNull();
  });

  it("checks memory in MB and writes large numbers with separators", () => {
    const quotas = [{ resource: "ram_mb" as const, used: 900_000, limit: 983_040 }];
    expect(findQuotaShortfall({ ...cern, count: 1 + 10 }, quotas, none)).toBe("Over quota on CERN LxCloud: 11 VMs need 90,112 MB of RAM, 83,040 of 983,040 free");
  });
});
