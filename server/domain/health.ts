import type { CloudStatus, HealthSignal, PollResource } from "./vocabulary";

export interface PollStatus {
  resource: PollResource;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  lastErrorAt?: Date | null;
  consecutiveFailures: number;
}

/** One outcome: a VM-list poll that answered or not, a boot that reached running or not. */
export interface Outcome {
  at: Date;
  ok: boolean;
}

export interface HealthInput {
  enabled: boolean;
  polls: readonly PollStatus[];
  /** The latest VM-list polls, newest first. */
  recentVmPolls?: readonly Outcome[];
  /** The latest boots (requested or booting → running, error or lost), newest first. */
  recentBoots?: readonly Outcome[];
  liveVms?: number;
  errorVms?: { count: number; since: Date | null };
  /** VMs that went lost within LOST_WINDOW_MS. */
  lostVms?: { count: number; since: Date | null };
  vmPollIntervalSec: number;
  timeoutMs: number;
  now: Date;
}

export type SignalLevel = "ok" | "degraded" | "down";

export interface SignalReading {
  signal: HealthSignal;
  level: SignalLevel;
  value: number;
  threshold: number;
  /** When the condition began, as far as the evidence goes. */
  since: Date | null;
  message: string;
  /** Shown among the signals, left out of the reason (flapping speaks for it). */
  damped?: boolean;
}

export interface Health {
  status: CloudStatus;
  reason: string;
  signals?: SignalReading[];
}

/** After this many failed VM polls in a row a cloud is down, not merely degraded. */
export const DOWN_AFTER_FAILURES = 3;

/** Defaults; alert rules may ask for other thresholds, health uses these. */
export const HEALTH_THRESHOLDS = {
  /** Latency above this share of the timeout is slow. */
  slowLatencyShare: 0.5,
  /** Flapping: this many ok ⇄ failed changes within the recent VM polls. */
  flappingChanges: 3,
  /** Boots judged, and how many of them failing is degraded. */
  bootWindow: 10,
  bootFailures: 3,
  /** VMs in error: at least this many and this share of the live ones. */
  errorVms: 5,
  errorVmsShare: 0.1,
  lostVms: 3,
  /** Data older than this many VM poll intervals is stale. */
  staleIntervals: 3,
} as const;

export const LOST_WINDOW_MS = 60 * 60_000;
export const FLAPPING_WINDOW = 10;

const RESOURCE_LABEL: Record<PollResource, string> = {
  vms: "VM list",
  limits: "Quota/limits",
  images: "Image list",
  flavors: "Flavor list",
};

const LEVEL_RANK: Record<SignalLevel, number> = { ok: 0, degraded: 1, down: 2 };

/** Scores a cloud from its signals; the reason names the signals that made the status. */
export function scoreCloudHealth(input: HealthInput): Health {
  if (!input.enabled) return { status: "disabled", reason: "Disabled: not polled, no launches" };
  const vms = input.polls.find((p) => p.resource === "vms");
  if (!vms || (!vms.lastAttemptAt && !vms.lastSuccessAt)) return { status: "unknown", reason: "Waiting for the first poll" };

  const signals = readSignals(input, vms);
  const worst = signals.reduce<SignalLevel>((w, s) => (!s.damped && LEVEL_RANK[s.level] > LEVEL_RANK[w] ? s.level : w), "ok");
  if (worst === "ok") return { status: "up", reason: `All APIs answering (VM list ${vms.lastLatencyMs ?? 0} ms)`, signals };
  const named = signals.filter((s) => s.level !== "ok" && !s.damped).sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
  return { status: worst, reason: named.map((s) => s.message).join("; "), signals };
}

/** Every signal, ok or not, in HEALTH_SIGNALS order. */
export function readSignals(input: HealthInput, vms: PollStatus): SignalReading[] {
  const flapping = readFlapping(input);
  const reachability = readReachability(input, vms);
  if (flapping.level !== "ok" && reachability.level !== "ok") reachability.damped = true;
  return [reachability, readLatency(input, vms), flapping, readBoots(input), readErrorVms(input), readLostVms(input), readStaleData(input, vms)];
}

/**
 * One good VM-list poll restores reachability: another resource's failure that the VM list
 * shared (it failed too since that resource last worked) ends with the VM list's recovery.
 */
function readReachability(input: HealthInput, vms: PollStatus): SignalReading {
  const base = { signal: "reachability" as const, threshold: DOWN_AFTER_FAILURES };
  if (vms.consecutiveFailures > 0) {
    const level = vms.consecutiveFailures >= DOWN_AFTER_FAILURES ? "down" : "degraded";
    const since = vms.lastSuccessAt;
    const message =
      level === "down"
        ? `VM list failing${since ? ` for ${formatAge(input.now, since)}` : ""} (${vms.consecutiveFailures} polls in a row): ${vms.lastError ?? "no answer"}`
        : `VM list poll failed: ${vms.lastError ?? "no answer"}`;
    return { ...base, level, value: vms.consecutiveFailures, since, message };
  }
  const failing = input.polls.filter((p) => p.consecutiveFailures > 0 && !isSharedOutageOver(p, vms));
  if (failing.length === 0) return { ...base, level: "ok", value: 0, since: null, message: "All APIs answering" };
  const worst = failing.reduce((a, b) => (b.consecutiveFailures > a.consecutiveFailures ? b : a));
  return { ...base, level: "degraded", value: worst.consecutiveFailures, since: worst.lastSuccessAt, message: `${RESOURCE_LABEL[worst.resource]} poll failed: ${worst.lastError ?? "no answer"}` };
}

function isSharedOutageOver(p: PollStatus, vms: PollStatus): boolean {
  if (!vms.lastSuccessAt || !vms.lastErrorAt || !p.lastAttemptAt) return false;
  const vmsFailedDuringIt = !p.lastSuccessAt || vms.lastErrorAt >= p.lastSuccessAt;
  return vmsFailedDuringIt && vms.lastSuccessAt > p.lastAttemptAt;
}

function readLatency(input: HealthInput, vms: PollStatus): SignalReading {
  const latency = vms.lastLatencyMs ?? 0;
  const threshold = input.timeoutMs * HEALTH_THRESHOLDS.slowLatencyShare;
  const slow = vms.consecutiveFailures === 0 && latency > threshold;
  const message = slow ? `API slow: VM list took ${(latency / 1000).toFixed(1)} s (timeout ${(input.timeoutMs / 1000).toFixed(0)} s)` : `VM list ${latency} ms`;
  return { signal: "latency", level: slow ? "degraded" : "ok", value: latency, threshold, since: slow ? vms.lastSuccessAt : null, message };
}

/** Polls that keep changing between answering and failing hold the status at degraded instead of flipping. */
function readFlapping(input: HealthInput): SignalReading {
  const polls = (input.recentVmPolls ?? []).slice(0, FLAPPING_WINDOW);
  const changes = polls.slice(1).filter((p, i) => p.ok !== polls[i]?.ok).length;
  const failed = polls.filter((p) => !p.ok).length;
  const flapping = changes >= HEALTH_THRESHOLDS.flappingChanges;
  const since = flapping ? (polls.at(-1)?.at ?? null) : null;
  const message = `Flapping: ${failed} of the last ${polls.length} VM list polls failed, ${changes} changes`;
  return { signal: "flapping", level: flapping ? "degraded" : "ok", value: changes, threshold: HEALTH_THRESHOLDS.flappingChanges, since, message };
}

function readBoots(input: HealthInput): SignalReading {
  const boots = (input.recentBoots ?? []).slice(0, HEALTH_THRESHOLDS.bootWindow);
  const failures = boots.filter((b) => !b.ok);
  const bad = failures.length >= HEALTH_THRESHOLDS.bootFailures;
  const since = bad ? (failures.at(-1)?.at ?? null) : null;
  const message = `${failures.length} of the last ${boots.length} boots failed`;
  return { signal: "boot_failures", level: bad ? "degraded" : "ok", value: failures.length, threshold: HEALTH_THRESHOLDS.bootFailures, since, message };
}

function readErrorVms(input: HealthInput): SignalReading {
  const { count, since } = input.errorVms ?? { count: 0, since: null };
  const live = input.liveVms ?? 0;
  const threshold = Math.max(HEALTH_THRESHOLDS.errorVms, Math.ceil(live * HEALTH_THRESHOLDS.errorVmsShare));
  const bad = count >= threshold;
  return { signal: "error_vms", level: bad ? "degraded" : "ok", value: count, threshold, since: bad ? since : null, message: `${count} of ${live} live VMs in error` };
}

function readLostVms(input: HealthInput): SignalReading {
  const { count, since } = input.lostVms ?? { count: 0, since: null };
  const bad = count >= HEALTH_THRESHOLDS.lostVms;
  return { signal: "lost_vms", level: bad ? "degraded" : "ok", value: count, threshold: HEALTH_THRESHOLDS.lostVms, since: bad ? since : null, message: `${count} VMs lost in the last hour` };
}

/** Polls that stopped (no worker, no lease) leave old data that looks healthy: say how old it is. */
function readStaleData(input: HealthInput, vms: PollStatus): SignalReading {
  const threshold = input.vmPollIntervalSec * HEALTH_THRESHOLDS.staleIntervals;
  const last = vms.lastSuccessAt ?? vms.lastAttemptAt;
  const ageSec = last ? Math.max(0, Math.round((input.now.getTime() - last.getTime()) / 1000)) : 0;
  const stale = vms.consecutiveFailures === 0 && ageSec > threshold;
  const message = last ? `Data ${formatAge(input.now, last)} old (polled every ${input.vmPollIntervalSec} s)` : "No data yet";
  return { signal: "stale_data", level: stale ? "degraded" : "ok", value: ageSec, threshold, since: stale ? last : null, message };
}

function formatAge(now: Date, then: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
