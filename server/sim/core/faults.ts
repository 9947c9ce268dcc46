import type { SimCloud } from "./sim-cloud";

export type FaultOutcome =
  | { kind: "pass" }
  | { kind: "error" }
  | { kind: "hang" }
  | { kind: "rate_limited"; retryAfterSec: number }
  | { kind: "malformed" };

const windows = new WeakMap<SimCloud, { second: number; count: number }>();

/**
 * Decides how a simulated cloud treats one request under its current fault knobs.
 * Latency is real waiting: it is the fault being simulated.
 */
export async function applyFaults(cloud: SimCloud): Promise<FaultOutcome> {
  const f = cloud.faults;
  if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
  if (f.timeout) return { kind: "hang" };
  if (f.rateLimitPerSec > 0) {
    const second = Math.floor(Date.now() / 1000);
    const w = windows.get(cloud);
    const current = w && w.second === second ? w : { second, count: 0 };
    current.count += 1;
    windows.set(cloud, current);
    if (current.count > f.rateLimitPerSec) return { kind: "rate_limited", retryAfterSec: 1 };
  }
  if (f.errorRate > 0 && cloud.draw() < f.errorRate) return { kind: "error" };
  if (f.malformed) return { kind: "malformed" };
  return { kind: "pass" };
}
