import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { vm as vmTable } from "../db/schema";
import type { VmState } from "../server/domain/vocabulary";

/** The e2e console boots VMs in 2.5–10 s (CLOUDSCOPE_DEMO_BOOT_SECONDS, global-setup) and polls every 5 s; the rest is for a loaded machine. */
export const BOOT_TIMEOUT_MS = 90_000;

/** Polls the console's database until all `count` VMs of a launch are in one of `states`; their rows, by name. */
export async function waitForLaunchedVms(db: Db, launchId: number, count: number, states: readonly VmState[]) {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    const rows = await db.select().from(vmTable).where(eq(vmTable.launchActionId, launchId)).all();
    if (rows.length === count && rows.every((r) => states.includes(r.state))) return rows.sort((a, b) => a.name.localeCompare(b.name));
    if (Date.now() > deadline) throw new Error(`launch ${launchId} did not bring ${count} VMs to ${states.join(" or ")}: ${rows.map((r) => r.state).join(", ") || "no VMs"}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
