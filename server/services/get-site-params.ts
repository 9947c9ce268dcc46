import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { siteParamVersion } from "@/db/schema";
import { siteParamsSchema, type SiteParams } from "@/server/domain/site-params";
import { ServiceError } from "./lib/errors";

export const cloudRefInput = z.object({ cloudId: z.number().int().positive() });

type Reader = Pick<Db, "select">;

export interface CurrentSiteParams {
  version: number;
  params: SiteParams;
  createdAt: Date;
  createdById: string | null;
  createdByName: string;
}

/** A stored version, re-validated: a version saved under an older, looser schema is reported, never sent to a VM half-valid. */
export function parseStoredSiteParams(cloudId: number, version: number, json: string): SiteParams {
  const result = siteParamsSchema.safeParse(JSON.parse(json));
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new ServiceError(
    "BAD_REQUEST",
    `Site parameters version ${version} of cloud ${cloudId} are no longer valid (${first?.path.join(".") || "params"}: ${first?.message}); save a corrected version`,
  );
}

/**
 * The version in force for a cloud (the newest), or null when it has none yet. Takes a
 * transaction's `tx` too, so a launch checks the version it queues against.
 */
export async function getCurrentSiteParams({ db, input }: { db: Reader; input: { cloudId: number } }): Promise<CurrentSiteParams | null> {
  const row = await db
    .select()
    .from(siteParamVersion)
    .where(eq(siteParamVersion.cloudId, input.cloudId))
    .orderBy(desc(siteParamVersion.version))
    .limit(1)
    .get();
  if (!row) return null;
  return {
    version: row.version,
    params: parseStoredSiteParams(row.cloudId, row.version, row.params),
    createdAt: row.createdAt,
    createdById: row.createdById,
    createdByName: row.createdByName,
  };
}
