import { inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { vm } from "@/db/schema";
import { DEFAULT_DRAIN_DEADLINE_HOURS, type DrainActionParams, type drainInput } from "@/server/domain/action-params";
import type { Actor } from "./lib/actor";
import { describeSkipped, findRepeatedRequest, findVmsWithActiveItems, insertAction, type RequestResult } from "./lib/action-rows";
import { MAX_BOUND_PARAMETERS, splitIntoChunks } from "@/db/chunk-rows";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";
import { describeClouds, readSelectedVms, singleCloudOf, type SelectedVm } from "./lib/vm-selection";

const STATE_WORDS: Record<SelectedVm["state"], string> = {
  requested: "not started yet",
  booting: "booting",
  running: "running",
  draining: "already draining",
  terminated: "terminated",
  error: "in error",
  lost: "lost",
};

export type DrainInput = z.input<typeof drainInput>;

/**
 * Queues a drain of the selected VMs that are booting or running, across clouds: each
 * is flagged at its provider, finishes its job and is then destroyed by the worker, or
 * destroyed anyway at its deadline. Other selected VMs are left out, and said so.
 */
export async function drainVms({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: DrainInput; now?: Date }): Promise<RequestResult> {
  return db.transaction(async (tx) => {
    const repeated = await findRepeatedRequest(tx, input.idempotencyKey, "drain", actor.id);
    if (repeated) return repeated;
    const { found, missing } = await readSelectedVms(tx, input.vmIds);
    const busy = await findVmsWithActiveItems(
      tx,
      found.map((v) => v.id),
      ["drain", "destroy"],
    );
    const eligible: SelectedVm[] = [];
    const skipped = missing.map((vmId) => ({ vmId, reason: "unknown to cloudscope" }));
    for (const v of found) {
      const reason =
        v.destroyRequestedAt !== null || busy.get(v.id)?.kind === "destroy"
          ? "already being destroyed"
          : busy.get(v.id)?.kind === "drain"
            ? "already being drained"
            : v.state === "booting" || v.state === "running"
              ? null
              : v.state === "draining"
                ? "already draining"
                : STATE_WORDS[v.state];
      if (reason) skipped.push({ vmId: v.id, reason });
      else eligible.push(v);
    }
    if (eligible.length === 0) {
      const n = input.vmIds.length;
      throw new ServiceError("BAD_REQUEST", `None of the ${n} selected VM${n === 1 ? "" : "s"} can be drained (only booting or running VMs can): ${describeSkipped(skipped.map((s) => s.reason))}`);
    }

    const deadlineHours = input.deadlineHours ?? DEFAULT_DRAIN_DEADLINE_HOURS;
    const drainDeadlineAt = new Date(now.getTime() + deadlineHours * 3_600_000);
    const ids = eligible.map((v) => v.id);
    for (const chunk of splitIntoChunks(ids, MAX_BOUND_PARAMETERS - 2)) {
      await tx.update(vm).set({ drainRequestedAt: now, drainDeadlineAt }).where(inArray(vm.id, chunk)).run();
    }
    const params: DrainActionParams = { vmIds: ids, deadlineHours, drainDeadlineAt: drainDeadlineAt.toISOString(), skipped, ...(input.reason ? { reason: input.reason } : {}) };
    const actionId = await insertAction(tx, {
      kind: "drain",
      idempotencyKey: input.idempotencyKey,
      cloudId: singleCloudOf(eligible),
      actor,
      now,
      params: { ...params },
      items: eligible.map((v) => ({ cloudId: v.cloudId, vmId: v.id, providerId: v.providerId, vmStateAtRequest: v.state })),
    });
    const left = skipped.length > 0 ? `; left out ${describeSkipped(skipped.map((s) => s.reason))}` : "";
    await recordAudit(
      tx,
      actor,
      {
        verb: "vms.drain",
        targetType: "action",
        targetId: actionId,
        summary: `Drain ${eligible.length} VM${eligible.length === 1 ? "" : "s"} on ${describeClouds(eligible)}, deadline ${deadlineHours} h${left}${input.reason ? `: ${input.reason}` : ""}`,
        before: eligible.map((v) => ({ vmId: v.id, name: v.name, state: v.state, drainRequestedAt: v.drainRequestedAt })),
        after: { drainRequestedAt: now.toISOString(), drainDeadlineAt: drainDeadlineAt.toISOString() },
      },
      now,
    );
    return { actionId, existing: false };
  });
}
