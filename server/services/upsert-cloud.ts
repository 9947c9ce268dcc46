import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import { checkCredentials } from "../clouds/kind-spec";
import { specFor } from "../clouds/registry";
import type { ConfiguredCloud } from "../config/clouds-config";
import { sealSecret } from "../secrets";
import { SYSTEM_ACTOR } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

/**
 * Creates or updates a cloud by name from configuration (or the demo fleet), sealing
 * its credentials, which must suit the kind. Status and history are kept when only the endpoint moved.
 */
export async function upsertCloud({ db, input, key }: { db: Db; input: ConfiguredCloud & { demo?: boolean }; key: Buffer }): Promise<number> {
  const { credentials, region, ...rest } = input;
  const problem = checkCredentials(specFor(input.kind), credentials);
  if (problem) throw new ServiceError("BAD_REQUEST", `Cloud "${input.name}": ${problem}`);
  const settings = { ...rest, region: region ?? null, demo: input.demo ?? false };
  const values = { ...settings, credentialsEnc: sealSecret(key, credentials) };
  const now = new Date();
  const source = settings.demo ? "the demo fleet" : "the configuration";
  // One transaction: two processes configuring the same cloud at once update one row, never insert two.
  return db.transaction(async (tx) => {
    const existing = await tx.select().from(cloud).where(eq(cloud.name, input.name)).get();
    if (existing) {
      await tx.update(cloud).set(values).where(eq(cloud.id, existing.id)).run();
      const change = findChangedSettings(existing, settings);
      if (change) {
        await recordAudit(tx, SYSTEM_ACTOR, { verb: "clouds.configure", targetType: "cloud", targetId: existing.id, summary: `Updated ${input.name} from ${source}`, ...change }, now);
      }
      return existing.id;
    }
    const inserted = await tx.insert(cloud).values({ ...values, createdAt: now }).returning({ id: cloud.id }).get();
    await recordAudit(tx, SYSTEM_ACTOR, { verb: "clouds.create", targetType: "cloud", targetId: inserted.id, summary: `Added ${input.name} (${input.kind}) from ${source}`, after: settings }, now);
    return inserted.id;
  });
}

/** The settings (never the credentials) that differ from the stored row, or null: a restart with the same configuration is not a change. */
function findChangedSettings(stored: Record<string, unknown>, settings: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const changed = Object.keys(settings).filter((k) => settings[k] !== undefined && stored[k] !== settings[k]);
  if (changed.length === 0) return null;
  return { before: Object.fromEntries(changed.map((k) => [k, stored[k]])), after: Object.fromEntries(changed.map((k) => [k, settings[k]])) };
}
