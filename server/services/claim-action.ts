import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { action, actionItem, cloud, vm } from "@/db/schema";
import { summarizeAction } from "@/server/domain/action-outcome";
import { ACTIVE_ITEM_STATUSES } from "./action-rows";

export type ClaimedAction = typeof action.$inferSelect;

/**
 * Claims the oldest action that is due: queued, or running under a lease that expired
 * (its worker died). One UPDATE guarded by the same condition, so two workers never
 * both win; the loser gets null.
 */
export function claimNextAction({ db, input }: { db: Db; input: { workerId: string; now: Date; leaseMs: number } }): ClaimedAction | null {
  const { workerId, now, leaseMs } = input;
  const claimable = () => and(or(eq(action.status, "queued"), and(eq(action.status, "running"), lt(action.leaseUntil, now))), or(isNull(action.notBefore), lte(action.notBefore, now)));
  const oldest = db.select({ id: action.id }).from(action).where(claimable()).orderBy(asc(action.requestedAt), asc(action.id)).limit(1);
  const claimed = db
    .update(action)
    .set({ status: "running", claimedBy: workerId, leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${action.attempts} + 1`, notBefore: null })
    .where(and(inArray(action.id, oldest), claimable()))
    .returning()
    .all();
  const row = claimed[0];
  if (!row) return null;
  if (row.startedAt === null) {
    db.update(action).set({ startedAt: now }).where(eq(action.id, row.id)).run();
    row.startedAt = now;
  }
  return row;
}

/** Extends the lease; false when another worker took the action over (ours expired). */
export function renewActionLease({ db, input }: { db: Db; input: { actionId: number; workerId: string; now: Date; leaseMs: number } }): boolean {
  const { changes } = db
    .update(action)
    .set({ leaseUntil: new Date(input.now.getTime() + input.leaseMs) })
    .where(and(eq(action.id, input.actionId), eq(action.claimedBy, input.workerId), eq(action.status, "running")))
    .run();
  return changes === 1;
}

/** A worker stopping on purpose gives up its leases, so its successor resumes at once instead of after the lease. */
export function expireLeases({ db, input }: { db: Db; input: { workerId: string; now: Date } }): number {
  return db
    .update(action)
    .set({ leaseUntil: input.now })
    .where(and(eq(action.claimedBy, input.workerId), eq(action.status, "running")))
    .run().changes;
}

export interface WorkItem {
  id: number;
  seq: number;
  cloudId: number;
  vmId: number | null;
  token: string | null;
  providerId: string | null;
  status: typeof actionItem.$inferSelect.status;
  attempts: number;
  drainDeadlineAt: Date | null;
}

/** The items still to do (queued, or running when a previous worker died mid-item), in order. */
export function listPendingItems({ db, input }: { db: Db; input: { actionId: number } }): WorkItem[] {
  return db
    .select({
      id: actionItem.id,
      seq: actionItem.seq,
      cloudId: actionItem.cloudId,
      vmId: actionItem.vmId,
      token: actionItem.token,
      providerId: actionItem.providerId,
      status: actionItem.status,
      attempts: actionItem.attempts,
      drainDeadlineAt: vm.drainDeadlineAt,
    })
    .from(actionItem)
    .leftJoin(vm, eq(vm.id, actionItem.vmId))
    .where(and(eq(actionItem.actionId, input.actionId), inArray(actionItem.status, ACTIVE_ITEM_STATUSES)))
    .orderBy(asc(actionItem.seq))
    .all();
}

/** What a launch needs to know about its cloud when it runs (it may have been paused since the request). */
export function readLaunchCloud({ db, input }: { db: Db; input: { cloudId: number } }) {
  return (
    db
      .select({ id: cloud.id, name: cloud.name, kind: cloud.kind, enabled: cloud.enabled, paused: cloud.paused, operatorReason: cloud.operatorReason, contextMethod: cloud.contextMethod })
      .from(cloud)
      .where(eq(cloud.id, input.cloudId))
      .get() ?? null
  );
}

/** Gives the action back to the queue until `notBefore` (transient trouble); `note` says why it waits. */
export function releaseActionForRetry({ db, input }: { db: Db; input: { actionId: number; workerId: string; notBefore: Date; note: string } }): void {
  db.update(action)
    .set({ status: "queued", claimedBy: null, leaseUntil: null, notBefore: input.notBefore, error: `Waiting to retry: ${input.note}` })
    .where(and(eq(action.id, input.actionId), eq(action.claimedBy, input.workerId)))
    .run();
}

/** Closes the action from its items: failed if any failed, cancelled if any was cancelled, else succeeded. */
export function finishAction({ db, input }: { db: Db; input: { actionId: number; workerId: string; now: Date } }) {
  return db.transaction((tx) => {
    const items = tx.select({ status: actionItem.status, error: actionItem.error }).from(actionItem).where(eq(actionItem.actionId, input.actionId)).all();
    const summary = summarizeAction(items);
    tx.update(action)
      .set({
        status: summary.status,
        succeeded: summary.succeeded,
        failed: summary.failed,
        error: summary.error,
        finishedAt: input.now,
        claimedBy: null,
        leaseUntil: null,
        notBefore: null,
      })
      .where(and(eq(action.id, input.actionId), eq(action.claimedBy, input.workerId)))
      .run();
    return summary;
  });
}
