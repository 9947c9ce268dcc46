import { and, count, desc, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { alert, alertRule, cloud } from "@/db/schema";
import type { listAlertsInput } from "@/server/domain/alert-inputs";
import type { AlertState } from "@/server/domain/vocabulary";

export type ListAlertsInput = z.output<typeof listAlertsInput>;

const RECENT_MS = 7 * 24 * 3600_000;
const VIEW_STATES: Record<ListAlertsInput["view"], AlertState> = { firing: "firing", acknowledged: "acknowledged", recent: "resolved" };

/** /alerts: one view's alerts, newest first, with their rule and cloud. */
export async function listAlerts({ db, input, now = new Date() }: { db: Db; input: ListAlertsInput; now?: Date }) {
  const filters: SQL[] = [eq(alert.state, VIEW_STATES[input.view])];
  if (input.cloudId !== undefined) filters.push(eq(alert.cloudId, input.cloudId));
  if (input.view === "recent") filters.push(gt(alert.resolvedAt, new Date(now.getTime() - RECENT_MS)));
  return db
    .select({
      id: alert.id,
      state: alert.state,
      severity: alert.severity,
      summary: alert.summary,
      value: alert.value,
      signal: alertRule.signal,
      threshold: alertRule.threshold,
      runbookUrl: alertRule.runbookUrl,
      cloudId: alert.cloudId,
      cloudName: cloud.name,
      firedAt: alert.firedAt,
      ackBy: alert.ackBy,
      ackComment: alert.ackComment,
      ackAt: alert.ackAt,
      silencedUntil: alert.silencedUntil,
      resolvedAt: alert.resolvedAt,
    })
    .from(alert)
    .innerJoin(alertRule, eq(alertRule.id, alert.ruleId))
    .innerJoin(cloud, eq(cloud.id, alert.cloudId))
    .where(and(...filters))
    .orderBy(desc(alert.firedAt), desc(alert.id))
    .limit(500)
    .all();
}

/** For the nav and the tab title: alerts firing now, and acknowledged ones. */
export async function countOpenAlerts({ db }: { db: Db }): Promise<{ firing: number; acknowledged: number }> {
  const rows = await db.select({ state: alert.state, n: count() }).from(alert).where(inArray(alert.state, ["firing", "acknowledged"])).groupBy(alert.state).all();
  const of = (state: AlertState) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { firing: of("firing"), acknowledged: of("acknowledged") };
}

export type AlertRow = Awaited<ReturnType<typeof listAlerts>>[number];
