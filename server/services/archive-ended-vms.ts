import { and, asc, getTableColumns, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { vm, vmArchive, vmEvent, vmEventArchive } from "@/db/schema";
import { FINAL_VM_STATES } from "@/server/domain/vocabulary";

export const archiveEndedVmsInput = z.object({
  now: z.date(),
  retentionMs: z.number().int().positive(),
  /** VMs moved per transaction: small, so a poll waiting for the write lock waits a few milliseconds. */
  batchSize: z.number().int().positive().default(200),
  /** Batches per pass; the rest waits for the next pass. */
  maxBatches: z.number().int().positive().default(50),
});
export type ArchiveEndedVmsInput = z.input<typeof archiveEndedVmsInput>;

/**
 * Moves terminated and lost VMs older than the retention, with their transitions, from the
 * hot tables to the archive, one short transaction per batch and a turn of the event loop
 * between batches, so the collector's writes interleave. Returns how many VMs moved.
 * Safe to run twice at once: a VM already archived is skipped, and its hot row deleted.
 */
export async function archiveEndedVms({ db, input }: { db: Db; input: ArchiveEndedVmsInput }): Promise<number> {
  const { now, retentionMs, batchSize, maxBatches } = archiveEndedVmsInput.parse(input);
  const cutoff = new Date(now.getTime() - retentionMs);
  let moved = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await db.transaction(async (tx) => {
      const ids = (
        await tx
          .select({ id: vm.id })
          .from(vm)
          .where(and(lt(vm.stateChangedAt, cutoff), inArray(vm.state, [...FINAL_VM_STATES])))
          .orderBy(asc(vm.stateChangedAt))
          .limit(batchSize)
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      await tx
        .insert(vmArchive)
        .select(tx.select({ ...getTableColumns(vm), archivedAt: sql`${now.getTime()}`.as("archived_at") }).from(vm).where(inArray(vm.id, ids)))
        .onConflictDoNothing()
        .run();
      await tx
        .insert(vmEventArchive)
        .select(tx.select(getTableColumns(vmEvent)).from(vmEvent).where(inArray(vmEvent.vmId, ids)))
        .onConflictDoNothing()
        .run();
      await tx.delete(vmEvent).where(inArray(vmEvent.vmId, ids)).run();
      await tx.delete(vm).where(inArray(vm.id, ids)).run();
      return ids.length;
    });
    moved += count;
    if (count < batchSize) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return moved;
}
