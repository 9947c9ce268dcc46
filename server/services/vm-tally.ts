import { count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { vm } from "@/db/schema";
import { VM_STATES, type VmState } from "@/server/clouds/driver";

export type VmStateCounts = Record<VmState, number>;

export interface VmTally {
  counts: VmStateCounts;
  /** Every state but terminated. */
  live: number;
  /** Live rows the worker could not refresh: what we show is their last known state. */
  stale: number;
}

export function createEmptyTally(): VmTally {
  const counts = Object.fromEntries(VM_STATES.map((state) => [state, 0])) as VmStateCounts;
  return { counts, live: 0, stale: 0 };
}

/** VM counts by state for each cloud (or one), read from the (cloud_id, state) index. */
export async function tallyVmsByCloud(db: Db, cloudId?: number): Promise<Map<number, VmTally>> {
  const rows = await db
    .select({
      cloudId: vm.cloudId,
      state: vm.state,
      n: count(),
      stale: sql<number>`sum(case when ${vm.stale} then 1 else 0 end)`.mapWith(Number),
    })
    .from(vm)
    .where(cloudId === undefined ? undefined : eq(vm.cloudId, cloudId))
    .groupBy(vm.cloudId, vm.state);

  const tallies = new Map<number, VmTally>();
  for (const row of rows) {
    const tally = tallies.get(row.cloudId) ?? createEmptyTally();
    tally.counts[row.state] += row.n;
    if (row.state !== "terminated") {
      tally.live += row.n;
      tally.stale += row.stale;
    }
    tallies.set(row.cloudId, tally);
  }
  return tallies;
}
