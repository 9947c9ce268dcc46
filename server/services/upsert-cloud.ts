import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import type { ConfiguredCloud } from "../config/clouds-config";
import { sealSecret } from "../secrets";

/**
 * Creates or updates a cloud by name from configuration (or the demo fleet), sealing
 * its credentials. Status and history are kept when only the endpoint moved.
 */
export async function upsertCloud({ db, input, key }: { db: Db; input: ConfiguredCloud & { demo?: boolean }; key: Buffer }): Promise<number> {
  const { credentials, region, ...rest } = input;
  const values = { ...rest, region: region ?? null, credentialsEnc: sealSecret(key, credentials), demo: input.demo ?? false };
  const createdAt = new Date();
  // One transaction: two processes configuring the same cloud at once update one row, never insert two.
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: cloud.id }).from(cloud).where(eq(cloud.name, input.name)).get();
    if (existing) {
      await tx.update(cloud).set(values).where(eq(cloud.id, existing.id)).run();
      return existing.id;
    }
    const inserted = await tx.insert(cloud).values({ ...values, createdAt }).returning({ id: cloud.id }).get();
    return inserted.id;
  });
}
