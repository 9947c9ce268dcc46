import { describe, expect, it } from "vitest";
import { countAwaitingBoot, describeOutcomeCount, listFailedVms } from "./launch-outcome";

const item = (seq: number, over: Partial<Parameters<typeof listFailedVms>[0][number]> = {}) => ({ seq, status: "succeeded" as const, vmName: `vm-${seq}`, vmId: seq + 100, providerId: `p-${seq}`, error: null, ...over });

describe("launch outcome words", () => {
  it("names each failed VM with the provider's words, up to a limit", () => {
    const items = [
      item(0, { status: "failed", error: "No valid host was found. (ERROR)" }),
      item(1),
      item(2, { status: "failed", vmName: null, error: "Vanished at the provider" }),
      item(3, { status: "failed", vmName: null, providerId: null, vmId: null, error: "Quota exceeded" }),
    ];
    expect(listFailedVms(items, 2)).toEqual({ lines: ["vm-0: No valid host was found. (ERROR)", "p-2: Vanished at the provider"], more: 1 });
    expect(listFailedVms(items, 5).lines[2]).toBe("VM 4: Quota exceeded");
  });

  it("counts a launch's VMs still booting and says how many run", () => {
    const items = [item(0, { status: "running" }), item(1, { status: "running", vmId: null }), item(2)];
    expect(countAwaitingBoot("launch", items)).toBe(1);
    expect(countAwaitingBoot("drain", items)).toBe(0);
    expect(describeOutcomeCount("launch", 2, 3)).toBe("2 of 3 VMs running");
    expect(describeOutcomeCount("destroy", 1, 1)).toBe("1 of 1 VM done");
  });
});
