import { and, count, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { action, alert, cloud, pollLog, pollState, vm } from "@/db/schema";
import type { ActionKind, ActionStatus, AlertSeverity, CloudStatus, PollResource, VmState } from "../domain/vocabulary";

export const POLL_ERROR_WINDOW_MS = 60 * 60_000;

export interface MetricsSnapshot {
  clouds: Array<{ cloud: string; status: CloudStatus }>;
  vms: Array<{ cloud: string; state: VmState; count: number }>;
  polls: Array<{ cloud: string; resource: PollResource; latencyMs: number | null; consecutiveFailures: number }>;
  pollErrors: Array<{ cloud: string; count: number }>;
  actions: Array<{ kind: ActionKind; status: ActionStatus; count: number }>;
  alertsFiring: Array<{ severity: AlertSeverity; count: number }>;
}

/** What /api/metrics exports, read in a handful of grouped queries (no row per VM leaves the database). */
export async function readMetrics({ db, input }: { db: Db; input: { now: Date } }): Promise<MetricsSnapshot> {
  const [clouds, vms, polls, pollErrors, actions, alertsFiring] = await Promise.all([
    db.select({ cloud: cloud.name, status: cloud.status }).from(cloud).orderBy(cloud.name).all(),
    db.select({ cloud: cloud.name, state: vm.state, count: count() }).from(vm).innerJoin(cloud, eq(cloud.id, vm.cloudId)).groupBy(cloud.name, vm.state).all(),
    db
      .select({ cloud: cloud.name, resource: pollState.resource, latencyMs: pollState.lastLatencyMs, consecutiveFailures: pollState.consecutiveFailures })
      .from(pollState)
      .innerJoin(cloud, eq(cloud.id, pollState.cloudId))
      .all(),
    db
      .select({ cloud: cloud.name, count: count() })
      .from(pollLog)
      .innerJoin(cloud, eq(cloud.id, pollLog.cloudId))
      .where(and(eq(pollLog.ok, false), gt(pollLog.at, new Date(input.now.getTime() - POLL_ERROR_WINDOW_MS))))
      .groupBy(cloud.name)
      .all(),
    db.select({ kind: action.kind, status: action.status, count: count() }).from(action).groupBy(action.kind, action.status).all(),
    db.select({ severity: alert.severity, count: count() }).from(alert).where(eq(alert.state, "firing")).groupBy(alert.severity).all(),
  ]);
  const asNumber = <T extends { count: unknown }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));
  return { clouds, vms: asNumber(vms), polls, pollErrors: asNumber(pollErrors), actions: asNumber(actions), alertsFiring: asNumber(alertsFiring) };
}
