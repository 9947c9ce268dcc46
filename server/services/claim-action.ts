import { and, asc, eq, inArray, isNull, lt, lte, not, or, sql } from "drizzle-orm";
import { changedRows, type Db } from "@/db/client";
import { selectIdsForUpdateSkipLocked } from "@/db/dialect";
import { action, actionItem, cloud, vm } from "@/db/schema";
import type { ActionKind } from "@/server/domain/vocabulary";
import { summarizeAction } from "@/server/domain/action-outcome";
import { ACTIVE_ITEM_STATUSES } from "./lib/action-rows";

export type ClaimedAction = typeof action.$inferSelect;

/**
 * Claims the next action that is due: queued, or running under a lease that expired (its
 * worker died); destroys and drains before launches, then the oldest first, among `kinds`
 * (all kinds when unset). The due row is locked for the claiming transaction (skipped by
 * other workers on PostgreSQL, serialised by the write lock on SQLite), so two workers
 * never both win; the loser gets the next due action, or null.
 */
export async function claimNextAction({
  db,
  input,
}: {
  db: Db;
  input: { workerId: string; now: Date; leaseMs: number; kinds?: readonly ActionKind[] };
}): Promise<ClaimedAction | null> {
  const { workerId, now, leaseMs, kinds } = input;
  if (kinds?.length === 0) return null;
  const claimable = and(
    or(eq(action.status, "queued"), and(eq(action.status, "running"), lt(action.leaseUntil, now))),
    or(isNull(action.notBefore), lte(action.notBefore, now)),
    kinds ? inArray(action.kind, kinds) : undefined,
  );
  const launchesLast = sql`case when ${action.kind} = 'launch' then 1 else 0 end`;
  return db.transaction(async (tx) => {
    const [id] = await selectIdsForUpdateSkipLocked(tx, tx.select({ id: action.id }).from(action).where(claimable).orderBy(launchesLast, asc(action.requestedAt), asc(action.id)).limit(1));
    if (id === undefined) return null;
    const row = await tx
      .update(action)
      .set({ status: "running", claimedBy: workerId, leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${action.attempts} + 1`, notBefore: null })
      .where(and(eq(action.id, id), claimable))
      .returning()
      .get();
    if (!row) return null;
    if (row.startedAt === null) {
      await tx.update(action).set({ startedAt: now }).where(eq(action.id, row.id)).run();
      row.startedAt = now;
    }
    return row;
  });
}

/** Extends the lease; false when another worker took the action over (ours expired). */
export async function renewActionLease({ db, input }: { db: Db; input: { actionId: number; workerId: string; now: Date; leaseMs: number } }): Promise<boolean> {
  const result = await db
    .update(action)
    .set({ leaseUntil: new Date(input.now.getTime() + input.leaseMs) })
    .where(and(eq(action.id, input.actionId), eq(action.claimedBy, input.workerId), eq(action.status, "running")))
    .run();
  return changedRows(result) === 1;
}

/** A worker stopping on purpose gives up its leases, so its successor resumes at once instead of after the lease. */
export async function expireLeases({ db, input }: { db: Db; input: { workerId: string; now: Date } }): Promise<number> {
  const result = await db
    .update(action)
    .set({ leaseUntil: input.now })
    .where(and(eq(action.claimedBy, input.workerId), eq(action.status, "running")))
    .run();
  return changedRows(result);
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

/** A launch item whose VM the cloud accepted: no call left to make, it waits for the VM to boot (settleLaunchBoots). */
export const awaitingBoot = sql`(${actionItem.status} = 'running' and ${actionItem.token} is not null and ${actionItem.vmId} is not null)`;

/** The items still to do (queued, or running when a previous worker died mid-item), in order; not those waiting for a boot. */
export async function listPendingItems({ db, input }: { db: Db; input: { actionId: number } }): Promise<WorkItem[]> {
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
    .where(and(eq(actionItem.actionId, input.actionId), inArray(actionItem.status, ACTIVE_ITEM_STATUSES), not(awaitingBoot)))
    .orderBy(asc(actionItem.seq))
    .all();
}

/**
 * A launch whose calls are all made hands itself to the boot watch: it stays running,
 * held by no worker (so no lease expires and nobody claims it again), until
 * settleLaunchBoots ends it from its VMs' states. False when the lease was lost.
 */
export async function awaitLaunchBoots({ db, input }: { db: Db; input: { actionId: number; workerId: string } }): Promise<boolean> {
  const result = await db
    .update(action)
    .set({ claimedBy: null, leaseUntil: null, notBefore: null, error: null })
    .where(and(eq(action.id, input.actionId), eq(action.claimedBy, input.workerId), eq(action.status, "running")))
    .run();
  return changedRows(result) === 1;
}

/** What a launch needs to know about its cloud when it runs (it may have been paused since the request). */
export async function readLaunchCloud({ db, input }: { db: Db; input: { cloudId: number } }) {
  return (
    (await db
      .select({ id: cloud.id, name: cloud.name, kind: cloud.kind, enabled: cloud.enabled, paused: cloud.paused, operatorReason: cloud.operatorReason, contextMethod: cloud.contextMethod })
      .from(cloud)
      .where(eq(cloud.id, input.cloudId))
      .get()) ?? null
  );
}

/** Gives the action back to the queue until `notBefore` (transient trouble); `note` says why it waits. */
export async function releaseActionForRetry({ db, input }: { db: Db; input: { actionId: number; workerId: string; notBefore: Date; note: string } }): Promise<void> {
  await db
    .update(action)
    .set({ status: "queued", claimedBy: null, leaseUntil: null, notBefore: input.notBefore, error: `Waiting to retry: ${input.note}` })
    .where(and(eq(action.id, input.actionId), eq(action.claimedBy, input.workerId)))
    .run();
}

/** Closes the action from its items (see summarizeAction): failed or partly failed if any failed, cancelled if any was cancelled, else succeeded. */
export async function finishAction({ db, input }: { db: Db; input: { actionId: number; workerId: string; now: Date } }) {
  return db.transaction(async (tx) => {
    const items = await tx
      .select({ status: actionItem.status, error: actionItem.error, kind: action.kind })
      .from(actionItem)
      .innerJoin(action, eq(action.id, actionItem.actionId))
      .where(eq(actionItem.actionId, input.actionId))
      .orderBy(asc(actionItem.seq))
      .all();
    // Without items the kind changes nothing: such an action succeeds.
    const summary = summarizeAction(items, items[0]?.kind ?? "destroy");
    await tx
      .update(action)
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
