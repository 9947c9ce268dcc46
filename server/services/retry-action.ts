import { and, asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { action, actionItem, vm } from "@/db/schema";
import { parseStoredActionParams, type retryInput } from "@/server/domain/action-params";
import type { Actor } from "./lib/actor";
import { ACTIVE_ITEM_STATUSES, findRepeatedRequest, insertAction, type RequestResult, type Tx } from "./lib/action-rows";
import { MAX_BOUND_PARAMETERS, splitIntoChunks } from "@/db/chunk-rows";
import { ServiceError } from "./lib/errors";
import { checkLaunch } from "./launch-vms";
import { recordAudit } from "./record-audit";

export type RetryInput = z.output<typeof retryInput>;

/**
 * Queues the failed items of a failed action again, as a new action that records which
 * one it retries. Launch items keep their tokens, so a VM a failed attempt did create
 * after all is adopted rather than launched twice. A launch passes its checks again
 * (cloud open, image, flavor, quota); a drain or destroy marks its VMs again.
 */
export async function retryAction({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: RetryInput; now?: Date }): Promise<RequestResult> {
  return db.transaction(async (tx) => {
    const original = await tx.select().from(action).where(eq(action.id, input.actionId)).get();
    if (!original) throw new ServiceError("NOT_FOUND", `Action #${input.actionId} does not exist`);
    const repeated = await findRepeatedRequest(tx, input.idempotencyKey, original.kind, actor.id);
    if (repeated) return repeated;
    if (original.status !== "failed" && original.status !== "partly_failed") {
      throw new ServiceError("BAD_REQUEST", `Action #${original.id} is ${original.status}; only a failed or partly failed action can be retried`);
    }
    const failed = await tx
      .select()
      .from(actionItem)
      .where(and(eq(actionItem.actionId, original.id), eq(actionItem.status, "failed")))
      .orderBy(asc(actionItem.seq))
      .all();
    if (failed.length === 0) throw new ServiceError("BAD_REQUEST", `Action #${original.id} has no failed items to retry`);
    const already = await findActiveTwin(tx, original.kind, failed);
    if (already !== null) throw new ServiceError("CONFLICT", `Action #${original.id} is already being retried as #${already}`);

    const stored = parseStoredActionParams(original.kind, original.params);
    if (!stored.ok) throw new ServiceError("BAD_REQUEST", `Action #${original.id} cannot be retried: ${stored.error}`);
    const vmIds = failed.flatMap((i) => (i.vmId === null ? [] : [i.vmId]));
    let params: Record<string, unknown>;
    if (stored.value.kind === "launch") {
      if (original.cloudId === null) throw new ServiceError("BAD_REQUEST", `Launch #${original.id} names no cloud`);
      const { imageId, flavorId, queue } = stored.value.params;
      const launch = { cloudId: original.cloudId, imageId, flavorId, queue, count: failed.length };
      params = { ...stored.value.params, retryOf: original.id, ...(await checkLaunch(tx, launch)), count: failed.length };
    } else if (stored.value.kind === "drain") {
      // A failed item cleared its VM's marks (releaseVmRequests): the retry sets them again, with a fresh deadline.
      const drainDeadlineAt = new Date(now.getTime() + stored.value.params.deadlineHours * 3_600_000);
      await markVms(tx, vmIds, { drainRequestedAt: now, drainDeadlineAt });
      params = { ...stored.value.params, retryOf: original.id, vmIds, drainDeadlineAt: drainDeadlineAt.toISOString() };
    } else {
      await markVms(tx, vmIds, { destroyRequestedAt: now });
      params = { ...stored.value.params, retryOf: original.id, vmIds };
    }
    const actionId = await insertAction(tx, {
      kind: original.kind,
      idempotencyKey: input.idempotencyKey,
      cloudId: original.cloudId,
      actor,
      now,
      params,
      // A launch item's failed VM (one that did not boot) stays what it is; the retry asks for a new one.
      items: failed.map((i) => (original.kind === "launch" ? { cloudId: i.cloudId, token: i.token } : { cloudId: i.cloudId, vmId: i.vmId, token: i.token, providerId: i.providerId, vmStateAtRequest: i.vmStateAtRequest })),
    });
    await recordAudit(
      tx,
      actor,
      {
        verb: "actions.retry",
        targetType: "action",
        targetId: actionId,
        summary: `Retry ${failed.length} failed item${failed.length === 1 ? "" : "s"} of ${original.kind} #${original.id} as #${actionId}`,
        before: { actionId: original.id, status: original.status, error: original.error },
        after: { actionId, retryOf: original.id, items: failed.length },
      },
      now,
    );
    return { actionId, existing: false };
  });
}

async function markVms(tx: Tx, vmIds: readonly number[], marks: { drainRequestedAt: Date; drainDeadlineAt: Date } | { destroyRequestedAt: Date }): Promise<void> {
  for (const chunk of splitIntoChunks(vmIds, MAX_BOUND_PARAMETERS - 3)) await tx.update(vm).set(marks).where(inArray(vm.id, chunk)).run();
}

/** An unfinished action already working on the same launch tokens or VMs, if any. */
async function findActiveTwin(tx: Tx, kind: typeof action.$inferSelect.kind, items: readonly (typeof actionItem.$inferSelect)[]): Promise<number | null> {
  const tokens = items.flatMap((i) => (i.token === null ? [] : [i.token]));
  const vmIds = items.flatMap((i) => (i.vmId === null ? [] : [i.vmId]));
  const byToken = kind === "launch";
  const keys = byToken ? tokens : vmIds;
  for (const chunk of splitIntoChunks<string | number>(keys, MAX_BOUND_PARAMETERS - 10)) {
    const row = await tx
      .select({ actionId: actionItem.actionId })
      .from(actionItem)
      .innerJoin(action, eq(action.id, actionItem.actionId))
      .where(
        and(
          eq(action.kind, kind),
          inArray(actionItem.status, ACTIVE_ITEM_STATUSES),
          byToken ? inArray(actionItem.token, chunk as string[]) : inArray(actionItem.vmId, chunk as number[]),
        ),
      )
      .orderBy(asc(actionItem.actionId))
      .limit(1)
      .get();
    if (row) return row.actionId;
  }
  return null;
}
