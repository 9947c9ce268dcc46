import { eq, inArray } from "drizzle-orm";
import { vm } from "@/db/schema";
import type { ActionKind } from "@/server/domain/vocabulary";
import { planDrainEndings } from "@/server/domain/drain-plan";
import { findVmsWithActiveItems, type Tx } from "./lib/action-rows";
import { MAX_BOUND_PARAMETERS, splitIntoChunks } from "@/db/chunk-rows";

/**
 * Drain or destroy items that were cancelled or failed for good no longer speak for their
 * VMs: the VMs' request marks are cleared, so the table stops saying "draining for…" and
 * the drain supervisor does not destroy at the deadline what the operator called off.
 * Inside the caller's transaction, after the items' status changed.
 *
 * - A drain that failed past its deadline keeps its marks: the VM is destroyed as promised.
 * - A destroy that ends a drain that is over (finished, or past its deadline) clears the
 *   drain too; otherwise the supervisor would queue the same destroy again at once.
 * - `lastError` (failures) tells the VM's row why it is still there.
 */
export async function releaseVmRequests(tx: Tx, request: { kind: ActionKind; vmIds: readonly number[]; now: Date; failed: boolean; lastError?: string }): Promise<void> {
  const { kind, now } = request;
  if (kind === "launch" || request.vmIds.length === 0) return;
  const stillWanted = await findVmsWithActiveItems(tx, request.vmIds, [kind]);
  const ids = [...new Set(request.vmIds)].filter((id) => !stillWanted.has(id));
  for (const chunk of splitIntoChunks(ids, MAX_BOUND_PARAMETERS - 10)) {
    const rows = await tx
      .select({ id: vm.id, name: vm.name, state: vm.state, drainRequestedAt: vm.drainRequestedAt, drainDeadlineAt: vm.drainDeadlineAt, lastError: vm.lastError })
      .from(vm)
      .where(inArray(vm.id, chunk))
      .all();
    const drains = rows.flatMap((r) => (r.drainRequestedAt === null ? [] : [{ ...r, drainRequestedAt: r.drainRequestedAt }]));
    const endedDrains = new Set(planDrainEndings(drains, now).map((e) => e.vmId));
    for (const r of rows) {
      const pastDeadline = r.drainDeadlineAt !== null && r.drainDeadlineAt.getTime() <= now.getTime();
      const clearDrain = r.drainRequestedAt !== null && (kind === "drain" ? !(request.failed && pastDeadline) : endedDrains.has(r.id));
      const set = {
        ...(kind === "destroy" ? { destroyRequestedAt: null } : {}),
        ...(clearDrain ? { drainRequestedAt: null, drainDeadlineAt: null } : {}),
        ...(request.lastError ? { lastError: request.lastError } : {}),
      };
      if (Object.keys(set).length > 0) await tx.update(vm).set(set).where(eq(vm.id, r.id)).run();
    }
  }
}
