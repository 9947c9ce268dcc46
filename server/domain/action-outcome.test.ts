import { describe, expect, it } from "vitest";
import { decideBoot, decideItemFailure, DEFAULT_BOOT_TIMEOUT_MS, launchTokenFor, launchVmNameFor, MAX_ITEM_ATTEMPTS, summarizeAction, type ItemFailure, type LaunchedVmState } from "./action-outcome";

const now = new Date("2026-01-01T00:00:00Z");
const failure = (over: Partial<ItemFailure>): ItemFailure => ({ kind: "server_error", transient: true, status: 500, retryAfterMs: null, message: "boom", ...over });

describe("launch tokens and names", () => {
  it("names each VM after the action and its place in it", () => {
    expect(launchTokenFor(12, 3)).toBe("cs-12-3");
    expect(launchVmNameFor("CERN-PROD_CLOUD", "cs-12-3")).toBe("cern-prod-cloud-cs-12-3");
  });
});

describe("decideItemFailure", () => {
  it("retries transient failures with growing delays, then gives up with the provider's words", () => {
    const first = decideItemFailure({ kind: "launch", failure: failure({}), attempts: 1, now, drainDeadlineAt: null });
    const third = decideItemFailure({ kind: "launch", failure: failure({}), attempts: 3, now, drainDeadlineAt: null });
    expect(first).toMatchObject({ outcome: "retry", note: "boom" });
    expect(third.outcome === "retry" && first.outcome === "retry" && third.delayMs > first.delayMs).toBe(true);
    expect(decideItemFailure({ kind: "launch", failure: failure({}), attempts: MAX_ITEM_ATTEMPTS, now, drainDeadlineAt: null })).toEqual({
      outcome: "fail",
      error: `Gave up after ${MAX_ITEM_ATTEMPTS} attempts: boom`,
      stopAction: true,
    });
  });

  it("honours the cloud's Retry-After", () => {
    const d = decideItemFailure({ kind: "destroy", failure: failure({ kind: "rate_limited", status: 429, retryAfterMs: 60_000 }), attempts: 1, now, drainDeadlineAt: null });
    expect(d).toMatchObject({ outcome: "retry", delayMs: 60_000 });
  });

  it("stops a launch on a permanent error, but not a drain or destroy", () => {
    const quota = failure({ kind: "quota", transient: false, status: 403, message: "Quota exceeded for cores" });
    expect(decideItemFailure({ kind: "launch", failure: quota, attempts: 1, now, drainDeadlineAt: null })).toEqual({ outcome: "fail", error: "Quota exceeded for cores", stopAction: true });
    expect(decideItemFailure({ kind: "destroy", failure: { ...quota, kind: "auth" }, attempts: 1, now, drainDeadlineAt: null })).toMatchObject({ stopAction: false });
  });

  it("treats a VM gone at the provider as done for a drain or destroy", () => {
    expect(decideItemFailure({ kind: "drain", failure: failure({ kind: "not_found", transient: false, status: 404 }), attempts: 1, now, drainDeadlineAt: null })).toEqual({ outcome: "gone" });
  });

  it("asks a building VM for its drain flag again until the drain deadline", () => {
    const busy = failure({ kind: "bad_request", transient: false, status: 409, message: "Cannot 'update metadata' instance x while it is in vm_state building" });
    const before = decideItemFailure({ kind: "drain", failure: busy, attempts: 40, now, drainDeadlineAt: new Date(now.getTime() + 1) });
    expect(before).toMatchObject({ outcome: "retry" });
    const after = decideItemFailure({ kind: "drain", failure: busy, attempts: 41, now, drainDeadlineAt: now });
    expect(after).toMatchObject({ outcome: "fail", stopAction: false });
  });
});

describe("summarizeAction", () => {
  it("fails an action with any failed item and sums up the errors", () => {
    const s = summarizeAction([
      { status: "succeeded", error: null },
      { status: "failed", error: "Quota exceeded" },
      { status: "failed", error: "Quota exceeded" },
      { status: "failed", error: "No valid host" },
    ], "destroy");
    expect(s).toMatchObject({ status: "failed", succeeded: 1, failed: 3 });
    expect(s.error).toBe("3 of 4 failed: Quota exceeded (2 VMs); and 1 other error");
  });

  it("is cancelled when items were cancelled and none failed, else succeeded", () => {
    expect(summarizeAction([{ status: "succeeded", error: null }, { status: "cancelled", error: null }], "drain").status).toBe("cancelled");
    expect(summarizeAction([{ status: "succeeded", error: null }], "launch").status).toBe("succeeded");
  });

  it("says how many of a launch's VMs run: partly failed when some do, failed when none does, with the provider's words", () => {
    const noHost = "No valid host was found. There are not enough hosts available. (ERROR)";
    const partly = summarizeAction(
      [
        { status: "succeeded", error: null },
        { status: "failed", error: noHost },
        { status: "succeeded", error: null },
      ],
      "launch",
    );
    expect(partly).toMatchObject({ status: "partly_failed", succeeded: 2, failed: 1, error: `2 of 3 running, 1 failed: ${noHost}` });
    const none = summarizeAction(
      [
        { status: "failed", error: noHost },
        { status: "failed", error: noHost },
      ],
      "launch",
    );
    expect(none).toMatchObject({ status: "failed", succeeded: 0, failed: 2, error: `0 of 2 running, 2 failed: ${noHost} (2 VMs)` });
  });
});

describe("decideBoot", () => {
  const requestedAt = new Date("2026-01-01T00:00:00Z");
  const booting: LaunchedVmState = { state: "booting", rawState: "BUILD/spawning", lastError: null, requestedAt, runningAt: null, stale: false };
  const at = (ms: number) => new Date(requestedAt.getTime() + ms);

  it("waits for a VM that is still booting, and counts one that ran as running even after it ended", () => {
    expect(decideBoot(booting, at(60_000), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({ outcome: "waiting" });
    expect(decideBoot({ ...booting, state: "running", rawState: "ACTIVE", runningAt: at(30_000) }, at(60_000), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({ outcome: "running" });
    expect(decideBoot({ ...booting, state: "terminated", rawState: "(gone)", runningAt: at(30_000) }, at(60_000), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({ outcome: "running" });
  });

  it("fails a VM in error or lost with the provider's words, or its raw state when it gave none", () => {
    expect(decideBoot({ ...booting, state: "error", rawState: "ERROR", lastError: "No valid host was found." }, at(1), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({
      outcome: "failed",
      error: "No valid host was found. (ERROR)",
    });
    expect(decideBoot({ ...booting, state: "error", rawState: "unavailable" }, at(1), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({ outcome: "failed", error: "unavailable (the cloud gave no reason)" });
    expect(decideBoot({ ...booting, state: "lost", rawState: "(gone)", lastError: "Vanished at the provider without a request from cloudscope" }, at(1), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({
      outcome: "failed",
      error: "Vanished at the provider without a request from cloudscope",
    });
    expect(decideBoot({ ...booting, state: "terminated", rawState: "(destroyed by cloudscope)" }, at(1), DEFAULT_BOOT_TIMEOUT_MS)).toMatchObject({ outcome: "failed", error: expect.stringMatching(/^Ended before it ran/) });
  });

  it("fails a VM not running by the boot timeout, naming its last state", () => {
    expect(decideBoot(booting, at(DEFAULT_BOOT_TIMEOUT_MS - 1), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({ outcome: "waiting" });
    expect(decideBoot(booting, at(DEFAULT_BOOT_TIMEOUT_MS), DEFAULT_BOOT_TIMEOUT_MS)).toEqual({ outcome: "failed", error: "Not running 2 h after the launch; still BUILD/spawning" });
    expect(decideBoot({ ...booting, stale: true }, at(45 * 60_000), 45 * 60_000)).toEqual({
      outcome: "failed",
      error: "Not running 45 min after the launch; last known state (the cloud cannot be polled) BUILD/spawning",
    });
  });
});
