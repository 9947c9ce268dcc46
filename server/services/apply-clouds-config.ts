import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { cloud } from "@/db/schema";
import type { ConfiguredCloud } from "../config/clouds-config";
import { disableDemoUsers } from "./disable-demo-users";
import { SYSTEM_ACTOR } from "./lib/actor";
import { recordAudit } from "./record-audit";
import { upsertCloud } from "./upsert-cloud";

/**
 * Makes the database serve the clouds of CLOUDSCOPE_CONFIG: each is added or updated
 * (idempotent, so every worker may apply it at start), the demo clouds are disabled, and
 * demo logins (known password) left from an earlier demo run are disabled with their
 * sessions. Returns the demo users it disabled.
 */
export async function applyCloudsConfig({ db, key, clouds }: { db: Db; key: Buffer; clouds: readonly ConfiguredCloud[] }): Promise<string[]> {
  return db.transaction(async (tx) => {
    await disableDemoClouds(tx, new Date());
    for (const c of clouds) await upsertCloud({ db: tx, input: c, key });
    return disableDemoUsers({ db: tx });
  });
}

/** The demo clouds still enabled are switched off, each with its audit row. */
async function disableDemoClouds(tx: Tx, now: Date): Promise<void> {
  const demo = await tx.select({ id: cloud.id, name: cloud.name }).from(cloud).where(and(eq(cloud.demo, true), eq(cloud.enabled, true))).all();
  for (const c of demo) {
    await tx.update(cloud).set({ enabled: false }).where(eq(cloud.id, c.id)).run();
    await recordAudit(
      tx,
      SYSTEM_ACTOR,
      { verb: "clouds.disable", targetType: "cloud", targetId: c.id, summary: `Disabled demo cloud ${c.name} (real clouds configured)`, before: { enabled: true }, after: { enabled: false } },
      now,
    );
  }
}
