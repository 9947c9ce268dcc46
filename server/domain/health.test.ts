import { describe, expect, it } from "vitest";
import { scoreCloudHealth, type PollStatus } from "./health";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

function poll(over: Partial<PollStatus> = {}): PollStatus {
  return { resource: "vms", lastAttemptAt: ago(5), lastSuccessAt: ago(5), lastLatencyMs: 120, lastError: null, consecutiveFailures: 0, ...over };
}

const base = { enabled: true, vmPollIntervalSec: 60, timeoutMs: 10_000, now };

describe("cloud health", () => {
  it("is up with the latency when every API answers", () => {
    expect(scoreCloudHealth({ ...base, polls: [poll(), poll({ resource: "limits" })] })).toEqual({ status: "up", reason: "All APIs answering (VM list 120 ms)" });
  });

  it("is unknown before the first poll", () => {
    expect(scoreCloudHealth({ ...base, polls: [] }).status).toBe("unknown");
  });

  it("is degraded after one failure, naming the failing API and its error", () => {
    const h = scoreCloudHealth({ ...base, polls: [poll(), poll({ resource: "limits", consecutiveFailures: 1, lastError: "HTTP 503: Service Unavailable" })] });
    expect(h.status).toBe("degraded");
    expect(h.reason).toBe("Quota/limits poll failed: HTTP 503: Service Unavailable");
  });

  it("is down after repeated VM list failures, saying for how long", () => {
    const h = scoreCloudHealth({ ...base, polls: [poll({ consecutiveFailures: 3, lastSuccessAt: ago(300), lastError: "No answer within 10000 ms" })] });
    expect(h.status).toBe("down");
    expect(h.reason).toContain("for 5 min");
    expect(h.reason).toContain("No answer within 10000 ms");
  });

  it("is degraded when the API answers but slowly", () => {
    const h = scoreCloudHealth({ ...base, polls: [poll({ lastLatencyMs: 7_500 })] });
    expect(h).toEqual({ status: "degraded", reason: "API slow: VM list took 7.5 s (timeout 10 s)" });
  });

  it("is disabled whatever the polls say when an operator disabled it", () => {
    expect(scoreCloudHealth({ ...base, enabled: false, polls: [poll({ consecutiveFailures: 9 })] }).status).toBe("disabled");
  });
});
