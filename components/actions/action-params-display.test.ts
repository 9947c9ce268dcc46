import { describe, expect, it } from "vitest";
import { formatParamValue, listParamRows } from "./action-params-display";

describe("action parameter display", () => {
  it("shows dates in UTC, numbers and plain strings as they are", () => {
    expect(formatParamValue("drainDeadlineAt", "2025-06-10T12:00:30.000Z")).toBe("2025-06-10 12:00:30 UTC");
    expect(formatParamValue("count", 3)).toBe("3");
    expect(formatParamValue("queue", "CERN-PROD")).toBe("CERN-PROD");
    expect(formatParamValue("x", null)).toBe("–");
  });

  it("counts long VM lists and explains skipped VMs", () => {
    expect(formatParamValue("vmIds", [1, 2, 3])).toBe("3: 1, 2, 3");
    expect(formatParamValue("vmIds", Array.from({ length: 25 }, (_, i) => i))).toMatch(/^25: 0, 1, .*19, …$/);
    expect(formatParamValue("skipped", [{ vmId: 4, reason: "terminated" }])).toBe("VM 4 (terminated)");
    expect(formatParamValue("skipped", [])).toBe("none");
    expect(formatParamValue("other", { a: 1 })).toBe('{"a":1}');
  });

  it("shows a launch's cloud, image and flavor once each, by name with the id on hover", () => {
    const rows = listParamRows({ cloudId: 3, cloudName: "CERN LxCloud", imageId: "img-9", imageName: "CernVM 4", flavorId: "f1", flavorName: "", queue: "Q", count: 2 });
    expect(rows.map((r) => [r.label, r.value, r.title])).toEqual([
      ["Cloud", "CERN LxCloud", "id 3"],
      ["Image", "CernVM 4", "id img-9"],
      ["Flavor", "f1", undefined],
      ["PanDA queue", "Q", undefined],
      ["VMs", "2", undefined],
    ]);
  });
});
