import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";

/**
 * The worker cannot work with a cloud at all (its credentials cannot be opened): the cloud
 * shows down with the reason, until a poll succeeds again and health is scored anew.
 * A disabled cloud stays shown as disabled. Writes only when something changes.
 */
export async function markCloudDown({ db, input }: { db: Db; input: { cloudId: number; reason: string; now: Date } }): Promise<boolean> {
  const { cloudId, reason, now } = input;
  return db.transaction(async (tx) => {
    const c = await tx.select({ enabled: cloud.enabled, status: cloud.status, statusReason: cloud.statusReason }).from(cloud).where(eq(cloud.id, cloudId)).get();
    if (!c || !c.enabled || (c.status === "down" && c.statusReason === reason)) return false;
    await tx
      .update(cloud)
      .set({ status: "down", statusReason: reason, ...(c.status !== "down" ? { statusSince: now } : {}) })
      .where(eq(cloud.id, cloudId))
      .run();
    return true;
  });
}
