import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import type { ConfiguredCloud } from "../config/clouds-config";
import { disableDemoUsers } from "./disable-demo-users";
import { upsertCloud } from "./upsert-cloud";

/**
 * Makes the database serve the clouds of CLOUDSCOPE_CONFIG: each is added or updated
 * (idempotent, so every worker may apply it at start), the demo clouds are disabled, and
 * demo logins (known password) left from an earlier demo run are disabled with their
 * sessions. Returns the demo users it disabled.
 */
export async function applyCloudsConfig({ db, key, clouds }: { db: Db; key: Buffer; clouds: readonly ConfiguredCloud[] }): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.update(cloud).set({ enabled: false }).where(eq(cloud.demo, true)).run();
    for (const c of clouds) await upsertCloud({ db: tx, input: c, key });
    return disableDemoUsers({ db: tx });
  });
}
