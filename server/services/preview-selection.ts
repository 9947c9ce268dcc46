import { z } from "zod";
import type { Db } from "@/db/client";
import { isFinalVmState } from "@/server/domain/vocabulary";
import { readSelectedVms } from "./lib/vm-selection";

export const previewSelectionInput = z.object({
  vmIds: z.array(z.number().int().positive()).min(1, "Select at least one VM").max(2000, "Select at most 2,000 VMs at once"),
});
export type PreviewSelectionInput = z.output<typeof previewSelectionInput>;

export interface SelectionPreview {
  /** Selected VMs that still exist (not terminated or lost). */
  total: number;
  /** Of those, how many run jobs (running or draining). */
  running: number;
  byCloud: { cloudId: number; cloudName: string; count: number; running: number }[];
  /** The first few of those by name, so the confirmation names what it acts on. */
  firstNames: string[];
}

export const NAMED_IN_PREVIEW = 10;

/** What a drain or destroy confirmation names: how many VMs on which clouds, how many running jobs. */
export async function previewSelection({ db, input }: { db: Db; input: PreviewSelectionInput }): Promise<SelectionPreview> {
  // One snapshot across the chunked reads of a large selection.
  const { found } = await db.transaction((tx) => readSelectedVms(tx, input.vmIds));
  const byCloud = new Map<number, SelectionPreview["byCloud"][number]>();
  let total = 0;
  let running = 0;
  const names: string[] = [];
  for (const v of found) {
    if (isFinalVmState(v.state)) continue;
    const busy = v.state === "running" || v.state === "draining" ? 1 : 0;
    const entry = byCloud.get(v.cloudId) ?? { cloudId: v.cloudId, cloudName: v.cloudName, count: 0, running: 0 };
    entry.count += 1;
    entry.running += busy;
    byCloud.set(v.cloudId, entry);
    total += 1;
    running += busy;
    names.push(v.name);
  }
  const firstNames = names.sort((a, b) => a.localeCompare(b)).slice(0, NAMED_IN_PREVIEW);
  return { total, running, firstNames, byCloud: [...byCloud.values()].sort((a, b) => a.cloudName.localeCompare(b.cloudName)) };
}
