import { and, asc, count, desc, eq, gt, inArray, min } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, pollLog, pollState, vm, vmEvent } from "@/db/schema";
import { FLAPPING_WINDOW, HEALTH_THRESHOLDS, LOST_WINDOW_MS, type HealthInput } from "../domain/health";
import { LIVE_VM_STATES } from "../domain/vocabulary";

/** A resource's poll status as health reads it; the overview and the cloud page select the same columns. */
export const POLL_STATUS_COLUMNS = {
  lastAttemptAt: pollState.lastAttemptAt,
  lastSuccessAt: pollState.lastSuccessAt,
  lastLatencyMs: pollState.lastLatencyMs,
  lastError: pollState.lastError,
  lastErrorAt: pollState.lastErrorAt,
  consecutiveFailures: pollState.consecutiveFailures,
};

/** Boots older than this no longer count, so old failures do not stay red on a healthy cloud. */
const BOOT_WINDOW_MS = 6 * 60 * 60_000;

/** Everything health is scored from, for one cloud; null when the cloud is gone. */
export async function readHealthInput(db: Db, cloudId: number, now: Date): Promise<(HealthInput & { status: string; statusReason: string | null }) | null> {
  const c = await db
    .select({ enabled: cloud.enabled, pollVmsSec: cloud.pollVmsSec, timeoutMs: cloud.timeoutMs, status: cloud.status, statusReason: cloud.statusReason })
    .from(cloud)
    .where(eq(cloud.id, cloudId))
    .get();
  if (!c) return null;
  const [polls, recentVmPolls, recentBoots, vmCounts, lost] = await Promise.all([
    db
      .select({ resource: pollState.resource, ...POLL_STATUS_COLUMNS })
      .from(pollState)
      .where(eq(pollState.cloudId, cloudId))
      // Health names the first of equally failing resources: the same one on both engines.
      .orderBy(asc(pollState.resource))
      .all(),
    db
      .select({ at: pollLog.at, ok: pollLog.ok })
      .from(pollLog)
      .where(and(eq(pollLog.cloudId, cloudId), eq(pollLog.resource, "vms")))
      .orderBy(desc(pollLog.at), desc(pollLog.id))
      .limit(FLAPPING_WINDOW)
      .all(),
    db
      .select({ at: vmEvent.at, toState: vmEvent.toState })
      .from(vmEvent)
      .where(
        and(
          eq(vmEvent.cloudId, cloudId),
          gt(vmEvent.at, new Date(now.getTime() - BOOT_WINDOW_MS)),
          inArray(vmEvent.fromState, ["requested", "booting"]),
          inArray(vmEvent.toState, ["running", "error", "lost"]),
        ),
      )
      .orderBy(desc(vmEvent.at), desc(vmEvent.id))
      .limit(HEALTH_THRESHOLDS.bootWindow)
      .all(),
    db
      .select({ state: vm.state, n: count(), since: min(vm.stateChangedAt) })
      .from(vm)
      .where(and(eq(vm.cloudId, cloudId), inArray(vm.state, LIVE_VM_STATES)))
      .groupBy(vm.state)
      .all(),
    db
      .select({ n: count(), since: min(vmEvent.at) })
      .from(vmEvent)
      .where(and(eq(vmEvent.cloudId, cloudId), eq(vmEvent.toState, "lost"), gt(vmEvent.at, new Date(now.getTime() - LOST_WINDOW_MS))))
      .get(),
  ]);
  const error = vmCounts.find((r) => r.state === "error");
  return {
    enabled: c.enabled,
    status: c.status,
    statusReason: c.statusReason,
    vmPollIntervalSec: c.pollVmsSec,
    timeoutMs: c.timeoutMs,
    now,
    polls,
    recentVmPolls,
    recentBoots: recentBoots.map((b) => ({ at: b.at, ok: b.toState === "running" })),
    liveVms: vmCounts.reduce((sum, r) => sum + Number(r.n), 0),
    errorVms: { count: Number(error?.n ?? 0), since: toDate(error?.since) },
    lostVms: { count: Number(lost?.n ?? 0), since: toDate(lost?.since) },
  };
}

/** min() of a timestamp column comes back as the engine stores it. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const d = new Date(typeof value === "string" && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(d.getTime()) ? null : d;
}
