import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { vm } from "@/db/schema";
import { DOUBTFUL_IMAGE_CLASSES } from "@/server/domain/vm-filter";
import { LIVE_VM_STATES, VM_STATES, type VmState } from "@/server/domain/vocabulary";

export type VmStateCounts = Record<VmState, number>;

export interface VmTally {
  counts: VmStateCounts;
  /** VMs that exist at the provider: every state but terminated and lost. */
  live: number;
  /** Live rows the worker could not refresh: what we show is their last known state. */
  stale: number;
  /** Live VMs running revoked or unknown images (DOUBTFUL_IMAGE_CLASSES). */
  onDoubtfulImages: number;
}

export function createEmptyTally(): VmTally {
  const counts = Object.fromEntries(VM_STATES.map((state) => [state, 0])) as VmStateCounts;
  return { counts, live: 0, stale: 0, onDoubtfulImages: 0 };
}

const LIVE: ReadonlySet<VmState> = new Set(LIVE_VM_STATES);

/** VM counts by state for each cloud (or one), read from the (cloud_id, state, stale) index alone. */
export async function tallyVmsByCloud(db: Db, cloudId?: number): Promise<Map<number, VmTally>> {
  // Grouping by stale too, rather than summing a CASE over it, keeps the scan a plain count.
  const rows = await db
    .select({ cloudId: vm.cloudId, state: vm.state, stale: vm.stale, n: count() })
    .from(vm)
    .where(cloudId === undefined ? undefined : eq(vm.cloudId, cloudId))
    .groupBy(vm.cloudId, vm.state, vm.stale);
  // Read from the (image_class, cloud_id, state) index: the few doubtful rows, not the fleet.
  const doubtful = await db
    .select({ cloudId: vm.cloudId, n: count() })
    .from(vm)
    .where(and(inArray(vm.imageClass, DOUBTFUL_IMAGE_CLASSES), inArray(vm.state, LIVE_VM_STATES), cloudId === undefined ? undefined : eq(vm.cloudId, cloudId)))
    .groupBy(vm.cloudId);

  const tallies = new Map<number, VmTally>();
  for (const row of rows) {
    const tally = tallies.get(row.cloudId) ?? createEmptyTally();
    tally.counts[row.state] += row.n;
    if (LIVE.has(row.state)) {
      tally.live += row.n;
      if (row.stale) tally.stale += row.n;
    }
    tallies.set(row.cloudId, tally);
  }
  for (const row of doubtful) {
    const tally = tallies.get(row.cloudId) ?? createEmptyTally();
    tally.onDoubtfulImages += row.n;
    tallies.set(row.cloudId, tally);
  }
  return tallies;
}
