import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import type { ConfiguredCloud } from "../config/clouds-config";
import { sealSecret } from "../secrets";

/**
 * Creates or updates a cloud by name from configuration (or the demo fleet), sealing
 * its credentials. Status and history are kept when only the endpoint moved.
 */
export function upsertCloud({ db, input, key }: { db: Db; input: ConfiguredCloud & { demo?: boolean }; key: Buffer }): number {
  const { credentials, region, ...rest } = input;
  const values = { ...rest, region: region ?? null, credentialsEnc: sealSecret(key, credentials), demo: input.demo ?? false };
  const existing = db.select({ id: cloud.id }).from(cloud).where(eq(cloud.name, input.name)).get();
  if (existing) {
    db.update(cloud).set(values).where(eq(cloud.id, existing.id)).run();
    return existing.id;
  }
  return db.insert(cloud).values({ ...values, createdAt: new Date() }).returning({ id: cloud.id }).get().id;
}
