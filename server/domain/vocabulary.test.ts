import { describe, expect, it } from "vitest";
import { ACTION_STATUSES, FINAL_VM_STATES, isFinalVmState, isFinishedActionStatus, LIVE_VM_STATES, VM_STATES } from "./vocabulary";

describe("VM state groups", () => {
  it("splits every state into exactly one of live and final", () => {
    expect([...LIVE_VM_STATES, ...FINAL_VM_STATES].sort()).toEqual([...VM_STATES].sort());
    expect(VM_STATES.filter(isFinalVmState)).toEqual(["terminated", "lost"]);
  });

  it("does not count a VM gone at the provider as live", () => {
    expect(LIVE_VM_STATES).not.toContain("lost");
    expect(LIVE_VM_STATES).not.toContain("terminated");
  });
});

describe("action statuses", () => {
  it("treats only queued and running as unfinished", () => {
    expect(ACTION_STATUSES.filter((s) => !isFinishedActionStatus(s))).toEqual(["queued", "running"]);
  });
});
