import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, vm } from "@/db/schema";
import { MAX_BULK_VMS } from "@/server/domain/action-params";
import { LIVE_VM_STATES, type VmState } from "@/server/domain/vocabulary";
import type { Actor } from "../lib/actor";
import type { RequestResult } from "../lib/action-rows";
import { drainVms } from "../drain-vms";

export const listVersionRunnersInput = z.object({ versionId: z.number().int().positive() });

/** Only these a drain takes: a VM still requested has no job to finish, one in error none to run. */
const DRAINABLE_STATES = ["booting", "running"] as const satisfies readonly VmState[];

export interface VersionRunners {
  /** Per cloud, by name: live VMs the worker matched to the version, and how many of them a drain can take. */
  clouds: { cloudId: number; cloudName: string; live: number; drainable: number }[];
  drainable: number;
}

/** Where a version still runs, from the classification each VM poll stores. */
export async function listVersionRunners({ db, input }: { db: Db; input: z.input<typeof listVersionRunnersInput> }): Promise<VersionRunners> {
  const { versionId } = listVersionRunnersInput.parse(input);
  const rows = await db
    .select({ cloudId: vm.cloudId, cloudName: cloud.name, state: vm.state, n: count() })
    .from(vm)
    .innerJoin(cloud, eq(cloud.id, vm.cloudId))
    .where(and(eq(vm.imageVersionId, versionId), inArray(vm.state, LIVE_VM_STATES)))
    .groupBy(vm.cloudId, cloud.name, vm.state);
  const byCloud = new Map<number, VersionRunners["clouds"][number]>();
  for (const row of rows) {
    const entry = byCloud.get(row.cloudId) ?? { cloudId: row.cloudId, cloudName: row.cloudName, live: 0, drainable: 0 };
    entry.live += row.n;
    if ((DRAINABLE_STATES as readonly VmState[]).includes(row.state)) entry.drainable += row.n;
    byCloud.set(row.cloudId, entry);
  }
  const clouds = [...byCloud.values()].sort((a, b) => a.cloudName.localeCompare(b.cloudName));
  return { clouds, drainable: clouds.reduce((sum, c) => sum + c.drainable, 0) };
}

/**
 * Queues a drain of the VMs running a version that are not yet being drained or destroyed
 * (at most one bulk request's worth); null when none is left to drain.
 */
export async function drainVersionRunners({ db, actor, input, now }: { db: Db; actor: Actor; input: { versionId: number; idempotencyKey: string }; now: Date }): Promise<RequestResult | null> {
  const rows = await db
    .select({ id: vm.id })
    .from(vm)
    .where(and(eq(vm.imageVersionId, input.versionId), inArray(vm.state, DRAINABLE_STATES), isNull(vm.drainRequestedAt), isNull(vm.destroyRequestedAt)))
    .orderBy(vm.id)
    .limit(MAX_BULK_VMS);
  if (rows.length === 0) return null;
  return drainVms({ db, actor, input: { vmIds: rows.map((r) => r.id), idempotencyKey: input.idempotencyKey }, now });
}
