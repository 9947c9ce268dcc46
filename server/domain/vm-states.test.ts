import { describe, expect, it } from "vitest";
import { VM_STATES } from "../clouds/driver";
import { FINAL_VM_STATES, isFinalVmState, LIVE_VM_STATES } from "./vm-states";

describe("VM state groups", () => {
  it("splits every state into exactly one of live and final", () => {
    expect([...LIVE_VM_STATES, ...FINAL_VM_STATES].sort()).toEqual([...VM_STATES].sort());
    expect(VM_STATES.filter(isFinalVmState)).toEqual(["terminated", "lost"]);
  });
});
