import { eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alert, alertRule, alertTransition, cloud } from "@/db/schema";
import { DEFAULT_ALERT_RULES, evaluateAlerts, type AlertChange, type CloudReadings, type OpenAlert } from "../domain/alert-evaluation";
import { scoreCloudHealth } from "../domain/health";
import { readHealthInput } from "./read-health-input";

/** Ships a rule for every signal; an operator's edits are kept (only missing signals are added). */
export async function ensureDefaultAlertRules({ db, input }: { db: Db; input: { now: Date } }): Promise<void> {
  await db
    .insert(alertRule)
    .values(DEFAULT_ALERT_RULES.map((r) => ({ ...r, updatedAt: input.now })))
    .onConflictDoNothing({ target: alertRule.signal })
    .run();
}

/**
 * The worker's alert tick: every rule against every enabled cloud's signals; the alerts'
 * changes and their transitions are written in one transaction.
 */
export async function evaluateAlertsTick({ db, input }: { db: Db; input: { now: Date } }): Promise<AlertChange[]> {
  const { now } = input;
  const rules = await db.select().from(alertRule).all();
  const clouds = await db.select({ id: cloud.id, name: cloud.name }).from(cloud).where(eq(cloud.enabled, true)).all();
  const readings: CloudReadings[] = [];
  for (const c of clouds) {
    const health = await readHealthInput(db, c.id, now);
    const signals = health ? scoreCloudHealth(health).signals : undefined;
    if (signals) readings.push({ cloudId: c.id, cloudName: c.name, signals });
  }
  return db.transaction(async (tx) => {
    const open: OpenAlert[] = await tx
      .select({ id: alert.id, ruleId: alert.ruleId, cloudId: alert.cloudId, state: alert.state, value: alert.value, pendingSince: alert.pendingSince, clearSince: alert.clearSince, silencedUntil: alert.silencedUntil })
      .from(alert)
      .where(ne(alert.state, "resolved"))
      .all()
      .then((rows) => rows.map((r) => ({ ...r, state: r.state as OpenAlert["state"] })));
    const changes = evaluateAlerts({ rules, clouds: readings, open, now });
    for (const change of changes) await applyChange(tx, change, now);
    return changes;
  });
}

async function applyChange(tx: Tx, change: AlertChange, now: Date): Promise<void> {
  switch (change.kind) {
    case "open": {
      const firing = change.state === "firing";
      const [row] = await tx
        .insert(alert)
        .values({ ruleId: change.ruleId, cloudId: change.cloudId, state: change.state, severity: change.severity, value: change.value, summary: change.summary, pendingSince: now, firedAt: firing ? now : null })
        .returning({ id: alert.id });
      if (firing && row) await tx.insert(alertTransition).values({ alertId: row.id, at: now, fromState: null, toState: "firing" }).run();
      return;
    }
    case "transition": {
      const set = {
        state: change.to,
        value: change.value,
        clearSince: change.clearSince,
        ...(change.summary !== null && change.to !== "resolved" ? { summary: change.summary } : {}),
        ...(change.to === "firing" ? { firedAt: now, silencedUntil: null } : {}),
        ...(change.to === "resolved" ? { resolvedAt: now } : {}),
      };
      await tx.update(alert).set(set).where(eq(alert.id, change.alertId)).run();
      await tx.insert(alertTransition).values({ alertId: change.alertId, at: now, fromState: change.from, toState: change.to }).run();
      return;
    }
    case "update":
      await tx.update(alert).set({ value: change.value, clearSince: change.clearSince }).where(eq(alert.id, change.alertId)).run();
      return;
    case "drop":
      await tx.delete(alert).where(eq(alert.id, change.alertId)).run();
  }
}
