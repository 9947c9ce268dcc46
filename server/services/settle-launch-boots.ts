import { and, asc, count, eq, isNull } from "drizzle-orm";
import { changedRows, type Db } from "@/db/client";
import { action, actionItem, vm } from "@/db/schema";
import { decideBoot, summarizeAction, type BootDecision } from "@/server/domain/action-outcome";
import type { ActionStatus } from "@/server/domain/vocabulary";
import { ACTIVE_ITEM_STATUSES, type Tx } from "./lib/action-rows";
import { awaitingBoot } from "./claim-action";

export interface SettledLaunch {
  actionId: number;
  status: ActionStatus;
  error: string | null;
}

/** How many of a launch's VMs the cloud accepted and the launch still waits for. */
export async function countAwaitingBoot({ db, input }: { db: Db; input: { actionId: number } }): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(actionItem)
    .where(and(eq(actionItem.actionId, input.actionId), awaitingBoot))
    .get();
  return row?.n ?? 0;
}

/**
 * The boot watch, run by the worker's maintenance: launches whose calls are all made (held
 * by no worker, see awaitLaunchBoots) follow their VMs' rows, which the collector keeps up
 * to date, so no cloud is called for this. A waiting item succeeds when its VM runs and
 * fails with the provider's words when the VM errs, is lost, ends first or outlasts the
 * boot timeout; a launch with nothing left waiting ends succeeded, partly failed or failed.
 * Every write is conditional on the state it leaves, so a repeated pass (another worker,
 * a restart) changes nothing twice. Returns the launches it ended.
 */
export async function settleLaunchBoots({ db, input }: { db: Db; input: { now: Date; bootTimeoutMs: number } }): Promise<SettledLaunch[]> {
  const waiting = await db
    .select({ id: action.id })
    .from(action)
    .where(and(eq(action.kind, "launch"), eq(action.status, "running"), isNull(action.claimedBy)))
    .orderBy(asc(action.id))
    .all();
  const settled: SettledLaunch[] = [];
  for (const { id } of waiting) {
    const ended = await db.transaction((tx) => settleLaunch(tx, id, input.now, input.bootTimeoutMs));
    if (ended) settled.push(ended);
  }
  return settled;
}

async function settleLaunch(tx: Tx, actionId: number, now: Date, bootTimeoutMs: number): Promise<SettledLaunch | null> {
  const booting = await tx
    .select({
      itemId: actionItem.id,
      itemUpdatedAt: actionItem.updatedAt,
      vmId: vm.id,
      state: vm.state,
      rawState: vm.rawState,
      lastError: vm.lastError,
      requestedAt: vm.requestedAt,
      runningAt: vm.runningAt,
      stale: vm.stale,
    })
    .from(actionItem)
    .leftJoin(vm, eq(vm.id, actionItem.vmId))
    .where(and(eq(actionItem.actionId, actionId), awaitingBoot))
    .all();
  for (const b of booting) {
    const decision: BootDecision =
      b.vmId === null || b.state === null
        ? { outcome: "failed", error: "The VM's record is gone; its state is unknown" }
        : decideBoot({ state: b.state, rawState: b.rawState ?? "", lastError: b.lastError, requestedAt: b.requestedAt ?? b.itemUpdatedAt, runningAt: b.runningAt, stale: b.stale ?? false }, now, bootTimeoutMs);
    if (decision.outcome === "waiting") continue;
    await tx
      .update(actionItem)
      .set(decision.outcome === "running" ? { status: "succeeded", error: null, updatedAt: now } : { status: "failed", error: decision.error, updatedAt: now })
      .where(and(eq(actionItem.id, b.itemId), awaitingBoot))
      .run();
  }

  const items = await tx.select({ status: actionItem.status, error: actionItem.error }).from(actionItem).where(eq(actionItem.actionId, actionId)).orderBy(asc(actionItem.seq)).all();
  const summary = summarizeAction(items, "launch");
  const unclaimed = and(eq(action.id, actionId), eq(action.status, "running"), isNull(action.claimedBy));
  if (items.some((i) => ACTIVE_ITEM_STATUSES.some((s) => s === i.status))) {
    // Still waiting: the counts move as VMs boot, so the page shows progress.
    await tx.update(action).set({ succeeded: summary.succeeded, failed: summary.failed }).where(unclaimed).run();
    return null;
  }
  const ended = await tx
    .update(action)
    .set({ status: summary.status, succeeded: summary.succeeded, failed: summary.failed, error: summary.error, finishedAt: now, leaseUntil: null, notBefore: null })
    .where(unclaimed)
    .run();
  return changedRows(ended) === 1 ? { actionId, status: summary.status, error: summary.error } : null;
}
