import type { CloudStatus, PollResource } from "./vocabulary";

export interface PollStatus {
  resource: PollResource;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export interface HealthInput {
  enabled: boolean;
  polls: readonly PollStatus[];
  vmPollIntervalSec: number;
  timeoutMs: number;
  now: Date;
}

export interface Health {
  status: CloudStatus;
  reason: string;
}

/** After this many failed VM polls in a row a cloud is down, not merely degraded. */
export const DOWN_AFTER_FAILURES = 3;

const RESOURCE_LABEL: Record<PollResource, string> = {
  vms: "VM list",
  limits: "Quota/limits",
  images: "Image list",
  flavors: "Flavor list",
};

/** Scores a cloud from its poll history, with a reason a shifter can act on. */
export function scoreCloudHealth(input: HealthInput): Health {
  if (!input.enabled) return { status: "disabled", reason: "Disabled: not polled, no launches" };
  const vms = input.polls.find((p) => p.resource === "vms");
  if (!vms || (!vms.lastAttemptAt && !vms.lastSuccessAt)) return { status: "unknown", reason: "Waiting for the first poll" };

  if (vms.consecutiveFailures >= DOWN_AFTER_FAILURES) {
    const since = vms.lastSuccessAt ? ` for ${formatAge(input.now, vms.lastSuccessAt)}` : "";
    return { status: "down", reason: `VM list failing${since} (${vms.consecutiveFailures} polls in a row): ${vms.lastError ?? "no answer"}` };
  }
  const failing = input.polls.filter((p) => p.consecutiveFailures > 0);
  if (failing.length > 0) {
    const worst = failing.reduce((a, b) => (b.consecutiveFailures > a.consecutiveFailures ? b : a));
    return { status: "degraded", reason: `${RESOURCE_LABEL[worst.resource]} poll failed: ${worst.lastError ?? "no answer"}` };
  }
  const latency = vms.lastLatencyMs ?? 0;
  if (latency > input.timeoutMs * 0.5) {
    return { status: "degraded", reason: `API slow: VM list took ${(latency / 1000).toFixed(1)} s (timeout ${(input.timeoutMs / 1000).toFixed(0)} s)` };
  }
  return { status: "up", reason: `All APIs answering (VM list ${latency} ms)` };
}

function formatAge(now: Date, then: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
