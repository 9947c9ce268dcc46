import { eq, inArray } from "drizzle-orm";
import { cloud, vm } from "@/db/schema";
import type { VmState } from "../../domain/vocabulary";
import type { Tx } from "./action-rows";
import { MAX_BOUND_PARAMETERS, splitIntoChunks } from "@/db/chunk-rows";

export interface SelectedVm {
  id: number;
  cloudId: number;
  cloudName: string;
  providerId: string;
  name: string;
  state: VmState;
  drainRequestedAt: Date | null;
  destroyRequestedAt: Date | null;
}

/** The columns drain and destroy decisions read about a VM (join cloud for its name). */
export const SELECTED_VM_COLUMNS = {
  id: vm.id,
  cloudId: vm.cloudId,
  cloudName: cloud.name,
  providerId: vm.providerId,
  name: vm.name,
  state: vm.state,
  drainRequestedAt: vm.drainRequestedAt,
  destroyRequestedAt: vm.destroyRequestedAt,
};

/** The selected VMs that exist, in the order asked for (duplicates dropped). */
export async function readSelectedVms(tx: Tx, vmIds: readonly number[]): Promise<{ found: SelectedVm[]; missing: number[] }> {
  const unique = [...new Set(vmIds)];
  const byId = new Map<number, SelectedVm>();
  for (const ids of splitIntoChunks(unique, MAX_BOUND_PARAMETERS - 1)) {
    const rows = await tx
      .select(SELECTED_VM_COLUMNS)
      .from(vm)
      .innerJoin(cloud, eq(cloud.id, vm.cloudId))
      .where(inArray(vm.id, ids))
      .all();
    for (const r of rows) byId.set(r.id, r);
  }
  const found = unique.flatMap((id) => byId.get(id) ?? []);
  return { found, missing: unique.filter((id) => !byId.has(id)) };
}

/** "CERN LxCloud (2), UVic Nefos (1)"; just the name when all are on one cloud. */
export function describeClouds(vms: readonly Pick<SelectedVm, "cloudName">[]): string {
  const counts = new Map<string, number>();
  for (const v of vms) counts.set(v.cloudName, (counts.get(v.cloudName) ?? 0) + 1);
  if (counts.size === 1) return [...counts.keys()][0]!;
  return [...counts.entries()].map(([name, n]) => `${name} (${n})`).join(", ");
}

/** The launch action's cloud when every VM is on one cloud; bulk actions across clouds have none. */
export function singleCloudOf(vms: readonly Pick<SelectedVm, "cloudId">[]): number | null {
  const ids = new Set(vms.map((v) => v.cloudId));
  return ids.size === 1 ? [...ids][0]! : null;
}
