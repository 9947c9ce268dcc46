import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { alert, alertTransition, auditLog, pollState, vmEvent } from "@/db/schema";
import { ALERT_RECOVERY_SEC } from "@/server/domain/alert-evaluation";
import { testActor } from "@/server/testing/actors";
import { createCloud, createPollState, createVm } from "@/server/testing/factories";
import { acknowledgeAlert } from "./acknowledge-alert";
import { ensureDefaultAlertRules, evaluateAlertsTick } from "./evaluate-alerts";
import { countOpenAlerts, listAlerts } from "./list-alerts";
import { listAlertRules, updateAlertRule } from "./update-alert-rule";

const T0 = new Date("2026-11-25T12:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe("alerts on the worker tick", () => {
  let db: Db;
  let sick: number;

  /** A boot of a new VM on the cloud, ending at `when` in running or error. */
  const boot = async (cloudId: number, when: Date, ok: boolean) => {
    const v = await createVm(db, { cloudId, state: ok ? "running" : "error" });
    await db.insert(vmEvent).values({ vmId: v.id, cloudId, at: when, fromState: "booting", toState: ok ? "running" : "error", rawState: ok ? "ACTIVE" : "ERROR" }).run();
  };
  const tick = (s: number) => evaluateAlertsTick({ db, input: { now: at(s) } });
  const pollsOk = (cloudId: number, s: number) => createPollState(db, { cloudId, resource: "vms", lastAttemptAt: at(s), lastSuccessAt: at(s), lastLatencyMs: 50, consecutiveFailures: 0 });

  beforeEach(async () => {
    db = await openTestDb();
    await ensureDefaultAlertRules({ db, input: { now: T0 } });
    sick = (await createCloud(db, { name: "sick" })).id;
    const healthy = (await createCloud(db, { name: "healthy" })).id;
    for (const id of [sick, healthy]) await pollsOk(id, 0);
    for (let i = 0; i < 4; i++) await boot(sick, at(-10 * i), false);
    for (let i = 0; i < 4; i++) await boot(healthy, at(-10 * i), true);
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("fires one alert for the faulty cloud after its 'for', is acknowledged with a comment, and resolves after recovery", async () => {
    await tick(0);
    expect(await countOpenAlerts({ db })).toEqual({ firing: 0, acknowledged: 0 });
    await tick(30);
    await tick(60);
    const firing = await listAlerts({ db, input: { view: "firing" } });
    expect(firing).toMatchObject([{ cloudName: "sick", signal: "boot_failures", severity: "warning", summary: "sick: 4 of the last 4 boots failed" }]);
    await tick(90);
    expect(await countOpenAlerts({ db })).toEqual({ firing: 1, acknowledged: 0 });

    const shifter = testActor("shifter", { name: "sam" });
    await acknowledgeAlert({ db, actor: shifter, input: { alertId: firing[0]!.id, comment: "ticket raised with the site" }, now: at(100) });
    expect(await listAlerts({ db, input: { view: "acknowledged" } })).toMatchObject([{ ackBy: "sam", ackComment: "ticket raised with the site", ackAt: at(100) }]);
    await expect(acknowledgeAlert({ db, actor: shifter, input: { alertId: firing[0]!.id, comment: "again" }, now: at(101) })).rejects.toThrow(/only a firing alert/);
    expect(await db.select({ verb: auditLog.verb, actor: auditLog.actorName }).from(auditLog).all()).toEqual([{ verb: "alerts.acknowledge", actor: "sam" }]);

    // The cloud boots fine again: the alert clears, then resolves after the recovery period.
    for (let i = 0; i < 10; i++) await boot(sick, at(200 + i), true);
    await db.update(pollState).set({ lastAttemptAt: at(210), lastSuccessAt: at(210) }).where(eq(pollState.cloudId, sick)).run();
    await tick(220);
    expect(await countOpenAlerts({ db })).toEqual({ firing: 0, acknowledged: 1 });
    await tick(220 + ALERT_RECOVERY_SEC);
    expect(await listAlerts({ db, input: { view: "recent" }, now: at(300) })).toMatchObject([{ cloudName: "sick", state: "resolved", resolvedAt: at(220 + ALERT_RECOVERY_SEC) }]);
    const transitions = await db.select({ from: alertTransition.fromState, to: alertTransition.toState, by: alertTransition.byName }).from(alertTransition).orderBy(asc(alertTransition.id)).all();
    expect(transitions).toEqual([
      { from: "pending", to: "firing", by: null },
      { from: "firing", to: "acknowledged", by: "sam" },
      { from: "acknowledged", to: "resolved", by: null },
    ]);
    expect(await db.select().from(alert).where(eq(alert.state, "pending")).all()).toEqual([]);
  });

  it("keeps an operator's audited rule edit when the defaults are ensured again, and fires by the edited rule", async () => {
    await updateAlertRule({ db, actor: testActor("operator", { name: "olga" }), input: { signal: "boot_failures", threshold: 5, forSec: 0, severity: "critical", runbookUrl: "https://wiki.example.org/boots", enabled: true }, now: T0 });
    await ensureDefaultAlertRules({ db, input: { now: at(1) } });
    expect((await listAlertRules({ db })).find((r) => r.signal === "boot_failures")).toMatchObject({ threshold: 5, forSec: 0, updatedBy: "olga" });
    expect(await db.select({ verb: auditLog.verb, before: auditLog.before }).from(auditLog).all()).toEqual([{ verb: "alerts.editRule", before: expect.stringContaining('"threshold":3') }]);
    await tick(0);
    expect(await countOpenAlerts({ db })).toEqual({ firing: 0, acknowledged: 0 });
    await boot(sick, at(-50), false);
    await tick(1);
    expect(await listAlerts({ db, input: { view: "firing" } })).toMatchObject([{ cloudName: "sick", severity: "critical", runbookUrl: "https://wiki.example.org/boots" }]);
  });
});
