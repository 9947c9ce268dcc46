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
    expect(scoreCloudHealth({ ...base, polls: [poll(), poll({ resource: "limits" })] })).toMatchObject({ status: "up", reason: "All APIs answering (VM list 120 ms)" });
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
    expect(h).toMatchObject({ status: "degraded", reason: "API slow: VM list took 7.5 s (timeout 10 s)" });
  });

  it("is disabled whatever the polls say when an operator disabled it", () => {
    expect(scoreCloudHealth({ ...base, enabled: false, polls: [poll({ consecutiveFailures: 9 })] }).status).toBe("disabled");
  });
});

describe("cloud health signals", () => {
  const outcomes = (pattern: string) => [...pattern].map((c, i) => ({ at: ago(60 * (i + 1)), ok: c === "+" }));

  it.each([
    // [case, input overrides, status, reason fragment]
    ["boot failures make an answering cloud degraded", { recentBoots: outcomes("+-+-+--+++") }, "degraded", "4 of the last 10 boots failed"],
    ["a few failed boots among many stay up", { recentBoots: outcomes("+-++++++++-+") }, "up", "All APIs answering"],
    ["lost VMs make an answering cloud degraded", { lostVms: { count: 25, since: ago(600) } }, "degraded", "25 VMs lost in the last hour"],
    ["VMs in error beyond a tenth of the live ones", { liveVms: 40, errorVms: { count: 6, since: ago(300) } }, "degraded", "6 of 40 live VMs in error"],
    ["a few VMs in error on a big cloud stay up", { liveVms: 400, errorVms: { count: 6, since: ago(300) } }, "up", "All APIs answering"],
  ] as const)("%s", (_, over, status, fragment) => {
    const h = scoreCloudHealth({ ...base, polls: [poll()], ...over });
    expect(h.status).toBe(status);
    expect(h.reason).toContain(fragment);
  });

  it("names every signal that made it degraded, each with value, threshold and since", () => {
    const h = scoreCloudHealth({ ...base, polls: [poll()], recentBoots: outcomes("----++++++"), lostVms: { count: 4, since: ago(900) } });
    expect(h.reason).toBe("4 of the last 10 boots failed; 4 VMs lost in the last hour");
    const boots = h.signals?.find((s) => s.signal === "boot_failures");
    expect(boots).toMatchObject({ level: "degraded", value: 4, threshold: 3, since: ago(240) });
  });

  it("recovers reachability with one good VM poll, even while a shared failure of another API waits for its next poll", () => {
    const limits = poll({ resource: "limits", consecutiveFailures: 2, lastAttemptAt: ago(40), lastSuccessAt: ago(400), lastError: "No answer within 10000 ms" });
    const vms = poll({ lastSuccessAt: ago(5), lastErrorAt: ago(65) });
    expect(scoreCloudHealth({ ...base, polls: [vms, limits] }).status).toBe("up");
  });

  it("keeps an API failure that the VM list did not share", () => {
    const images = poll({ resource: "images", consecutiveFailures: 4, lastAttemptAt: ago(40), lastSuccessAt: ago(4000), lastError: "HTTP 500" });
    const vms = poll({ lastSuccessAt: ago(5), lastErrorAt: null });
    expect(scoreCloudHealth({ ...base, polls: [vms, images] }).reason).toBe("Image list poll failed: HTTP 500");
  });

  it("shows flapping as a steady degraded instead of flipping between degraded and down", () => {
    const recentVmPolls = outcomes("---+--+-+-");
    const h = scoreCloudHealth({ ...base, polls: [poll({ consecutiveFailures: 3, lastError: "HTTP 503" })], recentVmPolls });
    expect(h.status).toBe("degraded");
    expect(h.reason).toBe("Flapping: 7 of the last 10 VM list polls failed, 6 changes");
    const next = scoreCloudHealth({ ...base, polls: [poll()], recentVmPolls: outcomes("+---+--+-+") });
    expect(next.status).toBe("degraded");
    expect(next.reason).toContain("Flapping");
  });

  it("is not flapping after a single outage and its recovery", () => {
    expect(scoreCloudHealth({ ...base, polls: [poll()], recentVmPolls: outcomes("+----+++++") }).status).toBe("up");
  });

  it("says how old the data is when polls stopped without failing", () => {
    const h = scoreCloudHealth({ ...base, polls: [poll({ lastAttemptAt: ago(600), lastSuccessAt: ago(600) })] });
    expect(h).toMatchObject({ status: "degraded", reason: "Data 10 min old (polled every 60 s)" });
  });
});
