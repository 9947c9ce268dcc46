import { and, asc, count, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { vm } from "@/db/schema";
import { MAX_BULK_VMS } from "@/server/domain/action-params";
import { LIVE_VM_STATES } from "@/server/domain/vocabulary";
import { buildVmFilter, listVmsInput } from "./list-vms";

export const listMatchingVmIdsInput = listVmsInput.pick({ cloudId: true, states: true, queue: true, image: true, stale: true, imageClasses: true, imageVersionId: true, name: true, nameMatch: true });
export type ListMatchingVmIdsInput = z.output<typeof listMatchingVmIdsInput>;

/**
 * "Select all N matching this filter": the VMs the table's filter shows that an action can
 * still take (ended ones are left out), up to the bulk limit, and how many there are in all.
 */
export async function listMatchingVmIds({ db, input }: { db: Db; input: ListMatchingVmIdsInput }) {
  const where = and(buildVmFilter(input), inArray(vm.state, [...LIVE_VM_STATES]));
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(vm).where(where),
    db.select({ id: vm.id }).from(vm).where(where).orderBy(asc(vm.name), asc(vm.id)).limit(MAX_BULK_VMS),
  ]);
  return { ids: rows.map((r) => r.id), total: counted[0]?.total ?? 0 };
}
