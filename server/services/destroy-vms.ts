import { inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { vm } from "@/db/schema";
import type { DestroyActionParams, destroyInput } from "@/server/domain/action-params";
import type { Actor } from "./lib/actor";
import { describeSkipped, findRepeatedRequest, findVmsWithActiveItems, insertAction, type RequestResult, type Tx } from "./lib/action-rows";
import { MAX_BOUND_PARAMETERS, splitIntoChunks } from "@/db/chunk-rows";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";
import { describeClouds, readSelectedVms, singleCloudOf, type SelectedVm } from "./lib/vm-selection";

export type DestroyInput = z.output<typeof destroyInput>;

/**
 * Queues a destroy of the selected VMs, across clouds. VMs already lost, or already being
 * destroyed by an unfinished action, are left out and said so.
 */
export async function destroyVms({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: DestroyInput; now?: Date }): Promise<RequestResult> {
  return db.transaction(async (tx) => {
    const repeated = await findRepeatedRequest(tx, input.idempotencyKey, "destroy", actor.id);
    if (repeated) return repeated;
    const { found, missing } = await readSelectedVms(tx, input.vmIds);
    const busy = await findVmsWithActiveItems(
      tx,
      found.map((v) => v.id),
      ["destroy"],
    );
    const eligible: SelectedVm[] = [];
    const skipped = missing.map((vmId) => ({ vmId, reason: "unknown to cloudscope" }));
    for (const v of found) {
      if (v.state === "lost") skipped.push({ vmId: v.id, reason: "lost (gone at the provider)" });
      else if (busy.has(v.id)) skipped.push({ vmId: v.id, reason: "already being destroyed" });
      else eligible.push(v);
    }
    if (eligible.length === 0) {
      const n = input.vmIds.length;
      throw new ServiceError("BAD_REQUEST", `None of the ${n} selected VM${n === 1 ? "" : "s"} can be destroyed: ${describeSkipped(skipped.map((s) => s.reason))}`);
    }
    const actionId = await queueDestroy(tx, { actor, idempotencyKey: input.idempotencyKey, now, vms: eligible, skipped });
    return { actionId, existing: false };
  });
}

/** Marks the VMs as destroy-requested and queues the action, audited; inside the caller's transaction. */
export async function queueDestroy(
  tx: Tx,
  request: { actor: Actor; idempotencyKey: string; now: Date; vms: readonly SelectedVm[]; skipped?: DestroyActionParams["skipped"]; reason?: string },
): Promise<number> {
  const { actor, now, vms } = request;
  const ids = vms.map((v) => v.id);
  for (const chunk of splitIntoChunks(ids, MAX_BOUND_PARAMETERS - 1)) {
    await tx.update(vm).set({ destroyRequestedAt: now }).where(inArray(vm.id, chunk)).run();
  }
  const skipped = request.skipped ?? [];
  const params: DestroyActionParams = { vmIds: ids, skipped, ...(request.reason ? { reason: request.reason } : {}) };
  const actionId = await insertAction(tx, {
    kind: "destroy",
    idempotencyKey: request.idempotencyKey,
    cloudId: singleCloudOf(vms),
    actor,
    now,
    params: { ...params },
    items: vms.map((v) => ({ cloudId: v.cloudId, vmId: v.id, providerId: v.providerId, vmStateAtRequest: v.state })),
  });
  const running = vms.filter((v) => v.state === "running" || v.state === "draining").length;
  const left = skipped.length > 0 ? `; left out ${describeSkipped(skipped.map((s) => s.reason))}` : "";
  await recordAudit(
    tx,
    actor,
    {
      verb: "vms.destroy",
      targetType: "action",
      targetId: actionId,
      summary: `Destroy ${vms.length} VM${vms.length === 1 ? "" : "s"} on ${describeClouds(vms)}, ${running} with a running job${request.reason ? `: ${request.reason}` : ""}${left}`,
      before: vms.map((v) => ({ vmId: v.id, name: v.name, state: v.state })),
      after: { destroyRequestedAt: now.toISOString() },
    },
    now,
  );
  return actionId;
}
