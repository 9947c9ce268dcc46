import { describe, expect, it } from "vitest";
import { ALERT_RECOVERY_SEC, evaluateAlerts, type AlertRuleInput, type OpenAlert } from "./alert-evaluation";
import type { SignalReading } from "./health";

const T0 = new Date("2026-11-25T12:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const rule: AlertRuleInput = { id: 1, signal: "boot_failures", threshold: 3, forSec: 60, severity: "warning", enabled: true };
const boots = (value: number, over: Partial<SignalReading> = {}): SignalReading => ({ signal: "boot_failures", level: value >= 3 ? "degraded" : "ok", value, threshold: 3, since: null, message: `${value} of the last 10 boots failed`, ...over });
const cloud = (value: number, over: Partial<SignalReading> = {}) => [{ cloudId: 7, cloudName: "CERN", signals: [boots(value, over)] }];
const open = (over: Partial<OpenAlert>): OpenAlert => ({ id: 9, ruleId: 1, cloudId: 7, state: "firing", value: 4, pendingSince: T0, clearSince: null, silencedUntil: null, ...over });

describe("alert evaluation", () => {
  it.each([
    ["nothing happens while the signal is below its threshold", [], 2, T0, []],
    ["a holding condition opens a pending alert, not yet firing", [], 4, T0, [{ kind: "open", ruleId: 1, cloudId: 7, state: "pending", severity: "warning", value: 4, summary: "CERN: 4 of the last 10 boots failed" }]],
    ["pending fires once held for its 'for' duration", [open({ state: "pending" })], 4, at(60), [{ kind: "transition", alertId: 9, from: "pending", to: "firing", value: 4, summary: "CERN: 4 of the last 10 boots failed", clearSince: null }]],
    ["pending before its 'for' duration keeps waiting", [open({ state: "pending" })], 4, at(59), []],
    ["pending that clears before firing is dropped without a word", [open({ state: "pending" })], 1, at(30), [{ kind: "drop", alertId: 9 }]],
    ["firing that clears starts its recovery period", [open({})], 1, at(300), [{ kind: "update", alertId: 9, value: 4, clearSince: at(300) }]],
    ["firing that stays clear for the recovery period resolves", [open({ clearSince: at(300) })], 1, at(300 + ALERT_RECOVERY_SEC), [{ kind: "transition", alertId: 9, from: "firing", to: "resolved", value: 1, summary: "CERN: 1 of the last 10 boots failed", clearSince: at(300) }]],
    ["flapping back within the recovery period keeps one alert firing", [open({ clearSince: at(300) })], 5, at(330), [{ kind: "update", alertId: 9, value: 5, clearSince: null }]],
    ["acknowledged and silenced stays quiet while the silence lasts", [open({ state: "acknowledged", silencedUntil: at(600) })], 4, at(599), []],
    ["a silence that ran out while the condition holds fires again", [open({ state: "acknowledged", silencedUntil: at(600) })], 4, at(600), [{ kind: "transition", alertId: 9, from: "acknowledged", to: "firing", value: 4, summary: "CERN: 4 of the last 10 boots failed", clearSince: null }]],
    ["acknowledged resolves like firing once clear", [open({ state: "acknowledged", clearSince: at(0) })], 0, at(ALERT_RECOVERY_SEC), [{ kind: "transition", alertId: 9, from: "acknowledged", to: "resolved", value: 0, summary: "CERN: 0 of the last 10 boots failed", clearSince: at(0) }]],
  ] as const)("%s", (_, alerts, value, now, expected) => {
    expect(evaluateAlerts({ rules: [rule], clouds: cloud(value), open: alerts, now })).toEqual(expected);
  });

  it("fires at once when a rule has no 'for' duration", () => {
    expect(evaluateAlerts({ rules: [{ ...rule, forSec: 0 }], clouds: cloud(3), open: [], now: T0 })).toMatchObject([{ kind: "open", state: "firing" }]);
  });

  it("ignores a damped signal (flapping speaks for it) and a disabled rule", () => {
    expect(evaluateAlerts({ rules: [rule], clouds: cloud(5, { damped: true }), open: [], now: T0 })).toEqual([]);
    expect(evaluateAlerts({ rules: [{ ...rule, enabled: false }], clouds: cloud(5), open: [], now: T0 })).toEqual([]);
  });

  it("clears the alerts of a cloud no longer evaluated", () => {
    expect(evaluateAlerts({ rules: [rule], clouds: [], open: [open({ clearSince: at(0) })], now: at(ALERT_RECOVERY_SEC) })).toMatchObject([{ kind: "transition", to: "resolved" }]);
  });
});
