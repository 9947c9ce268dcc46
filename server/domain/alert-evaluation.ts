import type { SignalReading } from "./health";
import type { AlertSeverity, AlertState, HealthSignal } from "./vocabulary";

export interface AlertRuleInput {
  id: number;
  signal: HealthSignal;
  threshold: number;
  forSec: number;
  severity: AlertSeverity;
  enabled: boolean;
}

export type OpenAlertState = Exclude<AlertState, "resolved">;

export interface OpenAlert {
  id: number;
  ruleId: number;
  cloudId: number;
  state: OpenAlertState;
  value: number;
  pendingSince: Date;
  clearSince: Date | null;
  silencedUntil: Date | null;
}

export interface CloudReadings {
  cloudId: number;
  cloudName: string;
  signals: readonly SignalReading[];
}

export type AlertChange =
  | { kind: "open"; ruleId: number; cloudId: number; state: "pending" | "firing"; severity: AlertSeverity; value: number; summary: string }
  | { kind: "transition"; alertId: number; from: OpenAlertState; to: AlertState; value: number; summary: string | null; clearSince: Date | null }
  | { kind: "update"; alertId: number; value: number; clearSince: Date | null }
  /** A pending alert whose condition ended before its "for" duration: it never fired, nothing to tell. */
  | { kind: "drop"; alertId: number };

/** A firing alert resolves only after its condition has stayed clear this long: no storm of fire/resolve pairs. */
export const ALERT_RECOVERY_SEC = 60;

/** Signals whose single readings are noisy: a rule on them needs a "for" duration. */
export const NOISY_SIGNALS: readonly HealthSignal[] = ["reachability", "latency", "flapping"];

export const DEFAULT_ALERT_RULES: ReadonlyArray<Omit<AlertRuleInput, "id" | "enabled">> = [
  { signal: "reachability", threshold: 3, forSec: 120, severity: "critical" },
  { signal: "latency", threshold: 5_000, forSec: 300, severity: "warning" },
  { signal: "flapping", threshold: 3, forSec: 300, severity: "warning" },
  { signal: "boot_failures", threshold: 3, forSec: 60, severity: "warning" },
  { signal: "error_vms", threshold: 5, forSec: 300, severity: "warning" },
  { signal: "lost_vms", threshold: 3, forSec: 60, severity: "warning" },
  { signal: "stale_data", threshold: 600, forSec: 120, severity: "critical" },
];

/**
 * One evaluation tick: each rule against each cloud's signals, given the alerts still open.
 * A condition must hold for the rule's "for" to fire and stay clear for ALERT_RECOVERY_SEC to
 * resolve; an acknowledged alert whose silence ran out while it still holds fires again.
 */
export function evaluateAlerts({ rules, clouds, open, now }: { rules: readonly AlertRuleInput[]; clouds: readonly CloudReadings[]; open: readonly OpenAlert[]; now: Date }): AlertChange[] {
  const changes: AlertChange[] = [];
  const openByKey = new Map(open.map((a) => [`${a.ruleId}:${a.cloudId}`, a]));
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const c of clouds) {
      const key = `${rule.id}:${c.cloudId}`;
      seen.add(key);
      const reading = c.signals.find((s) => s.signal === rule.signal);
      const holds = rule.enabled && reading !== undefined && !reading.damped && reading.value >= rule.threshold;
      const summary = reading ? `${c.cloudName}: ${reading.message}` : c.cloudName;
      pushIfAny(changes, decide(rule, c.cloudId, openByKey.get(key), holds, reading?.value ?? 0, summary, now));
    }
  }
  // Alerts of clouds or rules no longer evaluated (disabled, deleted) clear like any other.
  for (const a of open) if (!seen.has(`${a.ruleId}:${a.cloudId}`)) pushIfAny(changes, decideOpen(a, false, a.value, null, now, 0));
  return changes;
}

function decide(rule: AlertRuleInput, cloudId: number, current: OpenAlert | undefined, holds: boolean, value: number, summary: string, now: Date): AlertChange | null {
  if (!current) {
    if (!holds) return null;
    return { kind: "open", ruleId: rule.id, cloudId, state: rule.forSec === 0 ? "firing" : "pending", severity: rule.severity, value, summary };
  }
  return decideOpen(current, holds, value, summary, now, rule.forSec);
}

function decideOpen(a: OpenAlert, holds: boolean, value: number, summary: string | null, now: Date, forSec: number): AlertChange | null {
  if (a.state === "pending") {
    if (!holds) return { kind: "drop", alertId: a.id };
    if (now.getTime() - a.pendingSince.getTime() >= forSec * 1000) return { kind: "transition", alertId: a.id, from: "pending", to: "firing", value, summary, clearSince: null };
    return value !== a.value ? { kind: "update", alertId: a.id, value, clearSince: null } : null;
  }
  if (holds) {
    if (a.state === "acknowledged" && a.silencedUntil && a.silencedUntil <= now) {
      return { kind: "transition", alertId: a.id, from: "acknowledged", to: "firing", value, summary, clearSince: null };
    }
    return value !== a.value || a.clearSince ? { kind: "update", alertId: a.id, value, clearSince: null } : null;
  }
  const clearSince = a.clearSince ?? now;
  if (now.getTime() - clearSince.getTime() >= ALERT_RECOVERY_SEC * 1000) return { kind: "transition", alertId: a.id, from: a.state, to: "resolved", value, summary, clearSince };
  return a.clearSince ? null : { kind: "update", alertId: a.id, value: a.value, clearSince };
}

function pushIfAny(changes: AlertChange[], change: AlertChange | null): void {
  if (change) changes.push(change);
}
