import { describe, expect, it } from "vitest";
import { formatParamValue } from "./action-params-display";

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
});
