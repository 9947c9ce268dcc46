import { describe, expect, it } from "vitest";
import { groupClouds, isProblemCloud, orderCloudsWorstFirst, type TriagedCloud } from "./cloud-triage";

function cloud(name: string, status: TriagedCloud["status"], more: Partial<TriagedCloud> = {}): TriagedCloud {
  return { name, kind: "openstack", region: null, status, paused: false, ...more };
}

describe("orderCloudsWorstFirst", () => {
  it("puts down, degraded, unknown, paused and disabled before up, by name within a rank", () => {
    const clouds = [
      cloud("Alpha", "up"),
      cloud("Bravo", "up", { paused: true }),
      cloud("Charlie", "degraded"),
      cloud("Delta", "disabled"),
      cloud("Echo", "down"),
      cloud("Foxtrot", "unknown"),
      cloud("Golf", "down", { paused: true }),
      cloud("Aardvark", "degraded"),
    ];
    expect(orderCloudsWorstFirst(clouds).map((c) => c.name)).toEqual(["Echo", "Golf", "Aardvark", "Charlie", "Foxtrot", "Bravo", "Delta", "Alpha"]);
    expect(clouds[0]!.name).toBe("Alpha"); // the input is left alone
  });

  it("calls every cloud but a freely running one a problem", () => {
    expect(isProblemCloud(cloud("a", "up"))).toBe(false);
    expect(isProblemCloud(cloud("a", "up", { paused: true }))).toBe(true);
    expect(isProblemCloud(cloud("a", "degraded"))).toBe(true);
  });
});

describe("groupClouds", () => {
  const fleet = [
    cloud("CERN", "up", { kind: "openstack", region: "geneva" }),
    cloud("UVic", "down", { kind: "openstack", region: "victoria" }),
    cloud("Hotel", "up", { kind: "ec2", region: "geneva" }),
    cloud("LAL", "degraded", { kind: "opennebula" }),
  ];

  it("groups by kind, the group holding the worst cloud first, each group worst first", () => {
    expect(groupClouds(fleet, "kind").map((g) => [g.key, g.clouds.map((c) => c.name)])).toEqual([
      ["openstack", ["UVic", "CERN"]],
      ["opennebula", ["LAL"]],
      ["ec2", ["Hotel"]],
    ]);
  });

  it("groups by region, clouds without one together", () => {
    expect(groupClouds(fleet, "region").map((g) => [g.key, g.clouds.map((c) => c.name)])).toEqual([
      ["victoria", ["UVic"]],
      [null, ["LAL"]],
      ["geneva", ["CERN", "Hotel"]],
    ]);
  });

  it("keeps one ungrouped list worst first when not grouping", () => {
    expect(groupClouds(fleet, "none")).toEqual([{ key: null, clouds: [fleet[1], fleet[3], fleet[0], fleet[2]] }]);
  });
});
