import { describe, expect, it } from "vitest";
import { listNamedVms } from "./named-vms";

describe("listNamedVms", () => {
  it("reads the VMs a drain or destroy entry recorded, in order", () => {
    const before = [
      { vmId: 7, name: "atlas-001", state: "running" },
      { vmId: 9, name: "atlas-002", state: "booting", drainRequestedAt: null },
    ];
    expect(listNamedVms(before)).toEqual([
      { vmId: 7, name: "atlas-001" },
      { vmId: 9, name: "atlas-002" },
    ]);
  });

  it("names no VM for other entries or malformed items", () => {
    expect(listNamedVms({ role: "operator" })).toEqual([]);
    expect(listNamedVms(null)).toEqual([]);
    expect(listNamedVms([{ vmId: "7", name: "x" }, { name: "y" }, { vmId: 3, name: "ok" }])).toEqual([{ vmId: 3, name: "ok" }]);
  });
});
