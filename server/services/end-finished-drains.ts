import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, vm } from "@/db/schema";
import { planDrainEndings } from "@/server/domain/drain-plan";
import { WORKER_ACTOR } from "./lib/actor";
import { findVmsWithActiveItems } from "./lib/action-rows";
import { queueDestroy } from "./destroy-vms";
import { SELECTED_VM_COLUMNS } from "./lib/vm-selection";

/**
 * The worker's drain supervisor: drained VMs that finished their job (the provider shows
 * them stopped) or passed their drain deadline are destroyed, through an ordinary destroy
 * action requested by the worker, audited, with the reason on each VM. Returns the action, if any.
 */
export async function endFinishedDrains({ db, input }: { db: Db; input: { now: Date } }): Promise<{ actionId: number; vmIds: number[] } | null> {
  return db.transaction(async (tx) => {
    const { now } = input;
    const draining = await tx
      .select({ ...SELECTED_VM_COLUMNS, drainDeadlineAt: vm.drainDeadlineAt })
      .from(vm)
      .innerJoin(cloud, eq(cloud.id, vm.cloudId))
      .where(and(isNotNull(vm.drainRequestedAt), isNull(vm.destroyRequestedAt), ne(vm.state, "lost")))
      .orderBy(asc(vm.id))
      .all();
    const endings = planDrainEndings(
      draining.map((v) => ({ ...v, drainRequestedAt: v.drainRequestedAt! })),
      now,
    );
    if (endings.length === 0) return null;
    // A VM whose drain flag is still being set waits for that item, unless its deadline passed.
    const flagging = await findVmsWithActiveItems(
      tx,
      endings.map((e) => e.vmId),
      ["drain"],
    );
    const chosen = endings.filter((e) => e.reason === "deadline" || !flagging.has(e.vmId));
    if (chosen.length === 0) return null;
    const byId = new Map(draining.map((v) => [v.id, v]));
    const vms = chosen.map((e) => byId.get(e.vmId)!);
    const finished = chosen.filter((e) => e.reason === "finished").length;
    const late = chosen.length - finished;
    const reason = [finished > 0 ? `${finished} finished draining` : null, late > 0 ? `${late} passed the drain deadline` : null].filter(Boolean).join(", ");
    for (const ending of chosen.filter((e) => e.reason === "deadline")) {
      await tx.update(vm).set({ lastError: ending.explanation }).where(eq(vm.id, ending.vmId)).run();
    }
    const actionId = await queueDestroy(tx, { actor: WORKER_ACTOR, idempotencyKey: randomUUID(), now, vms, reason });
    return { actionId, vmIds: vms.map((v) => v.id) };
  });
}
