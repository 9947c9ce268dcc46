import { and, eq, inArray, sql } from "drizzle-orm";
import { changedRows, type Db } from "@/db/client";
import { action, actionItem, vm, vmEvent } from "@/db/schema";
import { type ActionKind, isFinalVmState, type VmState } from "@/server/domain/vocabulary";
import { ACTIVE_ITEM_STATUSES, type Tx } from "./lib/action-rows";
import { releaseVmRequests } from "./release-vm-requests";

/**
 * Marks an item as in progress and counts the attempt; null when it is no longer to do
 * (an operator cancelled it), so the worker skips it.
 */
export async function startActionItem({ db, input }: { db: Db; input: { itemId: number; now: Date } }): Promise<{ attempts: number } | null> {
  const row = await db
    .update(actionItem)
    .set({ status: "running", attempts: sql`${actionItem.attempts} + 1`, updatedAt: input.now })
    .where(and(eq(actionItem.id, input.itemId), inArray(actionItem.status, ACTIVE_ITEM_STATUSES)))
    .returning({ attempts: actionItem.attempts })
    .get();
  return row ?? null;
}

export interface LaunchedVm {
  actionId: number;
  itemId: number;
  cloudId: number;
  providerId: string;
  name: string;
  queue: string;
  imageId: string;
  flavorId: string;
  now: Date;
}

/**
 * A VM the provider accepted (or one a resumed launch found by its token): its row, in
 * state requested, and the item (waiting for the VM to boot), in one transaction. The collector may have
 * listed the VM first; then its row is claimed for the launch instead.
 */
export async function recordLaunchedVm({ db, input }: { db: Db; input: LaunchedVm }): Promise<number> {
  return db.transaction(async (tx) => {
    const { now } = input;
    const existing = await tx
      .select({ id: vm.id, requestedAt: vm.requestedAt, queue: vm.queue })
      .from(vm)
      .where(and(eq(vm.cloudId, input.cloudId), eq(vm.providerId, input.providerId)))
      .get();
    let vmId: number;
    if (existing) {
      vmId = existing.id;
      await tx
        .update(vm)
        .set({ launchActionId: input.actionId, requestedAt: existing.requestedAt ?? now, queue: existing.queue ?? input.queue })
        .where(eq(vm.id, vmId))
        .run();
    } else {
      const inserted = await tx
        .insert(vm)
        .values({
          cloudId: input.cloudId,
          providerId: input.providerId,
          name: input.name,
          queue: input.queue,
          imageRef: input.imageId,
          flavorRef: input.flavorId,
          state: "requested",
          rawState: "requested",
          requestedAt: now,
          lastSeenAt: now,
          stateChangedAt: now,
          launchActionId: input.actionId,
        })
        .returning({ id: vm.id })
        .get();
      vmId = inserted.id;
      await tx.insert(vmEvent).values({ vmId, cloudId: input.cloudId, at: now, fromState: null, toState: "requested", rawState: "requested" }).run();
    }
    // The item succeeds once its VM runs (settleLaunchBoots); until then it waits for the boot.
    await tx
      .update(actionItem)
      .set({ vmId, providerId: input.providerId, status: "running", error: null, updatedAt: now })
      .where(eq(actionItem.id, input.itemId))
      .run();
    return vmId;
  });
}

/**
 * A drain flag or destroy the provider accepted (or a VM already gone): the item succeeds,
 * and the VM row shows it at once (draining; terminated) rather than at the next poll.
 */
export async function recordItemDone({
  db,
  input,
}: {
  db: Db;
  /** `vmGone`: a drained VM the provider no longer has or has stopped (nothing to flag); the next poll records its end. */
  input: { actionId: number; itemId: number; kind: "drain" | "destroy"; vmId: number | null; now: Date; vmGone?: boolean };
}): Promise<void> {
  await db.transaction(async (tx) => {
    const { now } = input;
    const row =
      input.vmId === null || (input.kind === "drain" && input.vmGone) ? undefined : await tx.select({ id: vm.id, cloudId: vm.cloudId, state: vm.state }).from(vm).where(eq(vm.id, input.vmId)).get();
    const to: VmState | null = !row ? null : input.kind === "destroy" ? (isFinalVmState(row.state) ? null : "terminated") : row.state === "running" ? "draining" : null;
    if (row && to) {
      const rawState = input.kind === "destroy" ? "(destroyed by cloudscope)" : "(drain flag set)";
      await tx
        .update(vm)
        .set({ state: to, rawState, stateChangedAt: now, ...(to === "terminated" ? { terminatedAt: now } : {}) })
        .where(eq(vm.id, row.id))
        .run();
      await tx.insert(vmEvent).values({ vmId: row.id, cloudId: row.cloudId, at: now, fromState: row.state, toState: to, rawState }).run();
    }
    await markSucceeded(tx, input.actionId, input.itemId, now);
  });
}

/** The item succeeded: counted on its action. Call inside the transaction that records what it did. */
export async function markSucceeded(tx: Tx, actionId: number, itemId: number, now: Date): Promise<void> {
  await tx
    .update(actionItem)
    .set({ status: "succeeded", error: null, updatedAt: now })
    .where(eq(actionItem.id, itemId))
    .run();
  await tx
    .update(action)
    .set({ succeeded: sql`${action.succeeded} + 1` })
    .where(eq(action.id, actionId))
    .run();
}

/** The item failed for good; `error` is the provider's own words. A drained or destroyed VM loses its request marks (see releaseVmRequests). */
export async function recordItemFailed({ db, input }: { db: Db; input: { actionId: number; itemId: number; error: string; now: Date } }): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await tx
      .select({ vmId: actionItem.vmId, kind: action.kind })
      .from(actionItem)
      .innerJoin(action, eq(action.id, actionItem.actionId))
      .where(eq(actionItem.id, input.itemId))
      .get();
    await markFailed(tx, input.actionId, input.itemId, input.error, input.now);
    if (item?.vmId != null) await releaseVmRequests(tx, { kind: item.kind, vmIds: [item.vmId], now: input.now, failed: true, lastError: failureNote(item.kind, input.error) });
  });
}

/** The item failed for good with `error`: counted on its action. Call inside the transaction that records why. */
export async function markFailed(tx: Tx, actionId: number, itemId: number, error: string, now: Date): Promise<void> {
  await tx.update(actionItem).set({ status: "failed", error, updatedAt: now }).where(eq(actionItem.id, itemId)).run();
  await tx
    .update(action)
    .set({ failed: sql`${action.failed} + 1` })
    .where(eq(action.id, actionId))
    .run();
}

function failureNote(kind: ActionKind, error: string): string {
  return `${kind === "drain" ? "Drain" : "Destroy"} failed: ${error}`;
}

/** A transient failure: the item waits for the action's next attempt; `note` is what went wrong this time. */
export async function recordItemDeferred({ db, input }: { db: Db; input: { itemId: number; note: string; now: Date } }): Promise<void> {
  await db.update(actionItem).set({ status: "queued", error: input.note, updatedAt: input.now }).where(eq(actionItem.id, input.itemId)).run();
}

/**
 * The items not yet tried fail with the reason (a launch stopped on a permanent error, an action that cannot run).
 * `includeRunning` also fails items a dead worker left running (only for an action that cannot start at all).
 */
export async function failQueuedItems({ db, input }: { db: Db; input: { actionId: number; error: string; now: Date; includeRunning?: boolean } }): Promise<number> {
  return db.transaction(async (tx) => {
    const which = and(eq(actionItem.actionId, input.actionId), input.includeRunning ? inArray(actionItem.status, ACTIVE_ITEM_STATUSES) : eq(actionItem.status, "queued"));
    const kind = (await tx.select({ kind: action.kind }).from(action).where(eq(action.id, input.actionId)).get())?.kind;
    const vmIds = (await tx.select({ vmId: actionItem.vmId }).from(actionItem).where(which).all()).flatMap((i) => (i.vmId === null ? [] : [i.vmId]));
    const changes = changedRows(
      await tx
        .update(actionItem)
        .set({ status: "failed", error: input.error, updatedAt: input.now })
        .where(which)
        .run(),
    );
    await tx
      .update(action)
      .set({ failed: sql`${action.failed} + ${changes}` })
      .where(eq(action.id, input.actionId))
      .run();
    if (kind) await releaseVmRequests(tx, { kind, vmIds, now: input.now, failed: true, lastError: failureNote(kind, input.error) });
    return changes;
  });
}
