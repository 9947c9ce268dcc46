import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { alertRule } from "@/db/schema";
import type { updateAlertRuleInput } from "@/server/domain/alert-inputs";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export type UpdateAlertRuleInput = z.output<typeof updateAlertRuleInput>;

export function listAlertRules({ db }: { db: Db }) {
  return db.select().from(alertRule).orderBy(asc(alertRule.id)).all();
}

/** An operator tunes a signal's rule (threshold, "for", severity, runbook, on/off); audited with before and after. */
export function updateAlertRule({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: UpdateAlertRuleInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const rule = await tx.select().from(alertRule).where(eq(alertRule.signal, input.signal)).get();
    if (!rule) throw new ServiceError("NOT_FOUND", `No alert rule for ${input.signal}`);
    const { signal, ...after } = input;
    const before = { threshold: rule.threshold, forSec: rule.forSec, severity: rule.severity, runbookUrl: rule.runbookUrl, enabled: rule.enabled };
    await tx.update(alertRule).set({ ...after, updatedAt: now, updatedBy: actor.name }).where(eq(alertRule.id, rule.id)).run();
    await recordAudit(tx, actor, { verb: "alerts.editRule", targetType: "alert_rule", targetId: rule.id, summary: `Changed the ${signal} alert rule`, before, after }, now);
    return { ...rule, ...after };
  });
}
