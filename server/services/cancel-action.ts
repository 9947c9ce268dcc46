import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { changedRows, type Db } from "@/db/client";
import { action, actionItem } from "@/db/schema";
import { isFinishedActionStatus, type ActionStatus } from "@/server/domain/vocabulary";
import type { actionRefInput } from "@/server/domain/action-params";
import { summarizeAction } from "@/server/domain/action-outcome";
import { awaitingBoot } from "./claim-action";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";
import { releaseVmRequests } from "./release-vm-requests";

export type ActionRefInput = z.output<typeof actionRefInput>;

/**
 * Cancels what has not started: queued items become cancelled, and their VMs lose the
 * drain or destroy marks. An item a worker is executing finishes (a provider call cannot
 * be taken back); the worker then closes the action. An action no worker holds is closed here,
 * unless it is a launch with VMs still booting: the boot watch closes that one (settleLaunchBoots).
 */
export async function cancelAction({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: ActionRefInput; now?: Date }): Promise<{ actionId: number; cancelled: number }> {
  return db.transaction(async (tx) => {
    const a = await tx.select().from(action).where(eq(action.id, input.actionId)).get();
    if (!a) throw new ServiceError("NOT_FOUND", `Action #${input.actionId} does not exist`);
    if (isFinishedActionStatus(a.status)) {
      throw new ServiceError("BAD_REQUEST", `Action #${a.id} has already ${a.status === "cancelled" ? "been cancelled" : a.status.replace("_", " ")}; there is nothing left to cancel`);
    }
    const queued = and(eq(actionItem.actionId, a.id), eq(actionItem.status, "queued"));
    const vmIds = (await tx.select({ vmId: actionItem.vmId }).from(actionItem).where(queued).all()).flatMap((i) => (i.vmId === null ? [] : [i.vmId]));
    const changes = changedRows(
      await tx
        .update(actionItem)
        .set({ status: "cancelled", error: `Cancelled by ${actor.name}`, updatedAt: now })
        .where(queued)
        .run(),
    );
    await releaseVmRequests(tx, { kind: a.kind, vmIds, now, failed: false });
    let status: ActionStatus = a.status;
    const booting = await tx.select({ id: actionItem.id }).from(actionItem).where(and(eq(actionItem.actionId, a.id), awaitingBoot)).limit(1).get();
    if (a.status === "queued" && booting) {
      // VMs the cloud already accepted keep booting: the boot watch ends the launch from them.
      status = "running";
      await tx.update(action).set({ status, claimedBy: null, leaseUntil: null, notBefore: null, error: null }).where(eq(action.id, a.id)).run();
    } else if (a.status === "queued") {
      const items = await tx.select({ status: actionItem.status, error: actionItem.error }).from(actionItem).where(eq(actionItem.actionId, a.id)).orderBy(asc(actionItem.seq)).all();
      const summary = summarizeAction(items, a.kind);
      status = summary.status;
      await tx
        .update(action)
        .set({ status, succeeded: summary.succeeded, failed: summary.failed, error: summary.error, finishedAt: now, claimedBy: null, leaseUntil: null, notBefore: null })
        .where(eq(action.id, a.id))
        .run();
    }
    await recordAudit(
      tx,
      actor,
      {
        verb: "actions.cancel",
        targetType: "action",
        targetId: a.id,
        summary: `Cancel ${a.kind} #${a.id}: ${changes} queued item${changes === 1 ? "" : "s"} cancelled${a.status === "running" ? "; the item in progress finishes" : ""}`,
        before: { status: a.status },
        after: { status, cancelledItems: changes },
      },
      now,
    );
    return { actionId: a.id, cancelled: changes };
  });
}
