import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { siteParamVersion } from "@/db/schema";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { parseStoredSiteParams } from "./get-site-params";
import { updateSiteParams, type UpdateSiteParamsResult } from "./update-site-params";

export const revertSiteParamsInput = z.object({
  cloudId: z.number().int().positive(),
  /** The version in force when the editor chose to revert (refused if someone saved since). */
  basedOnVersion: z.number().int().min(1),
  toVersion: z.number().int().min(1),
  comment: z.string().trim().max(500).optional(),
});
export type RevertSiteParamsInput = z.input<typeof revertSiteParamsInput>;

/** Saves version n's parameters again as a new version (history is never rewritten), audited like any edit. */
export async function revertSiteParams({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: RevertSiteParamsInput; now?: Date }): Promise<UpdateSiteParamsResult> {
  const { cloudId, basedOnVersion, toVersion, comment } = revertSiteParamsInput.parse(input);
  return db.transaction(async (tx) => {
    const old = await tx
      .select({ params: siteParamVersion.params })
      .from(siteParamVersion)
      .where(and(eq(siteParamVersion.cloudId, cloudId), eq(siteParamVersion.version, toVersion)))
      .get();
    if (!old) throw new ServiceError("NOT_FOUND", `Cloud ${cloudId} has no site parameters version ${toVersion}`);
    const params = parseStoredSiteParams(cloudId, toVersion, old.params);
    return updateSiteParams({ db: tx, actor, input: { cloudId, basedOnVersion, params, comment: comment || `Reverted to version ${toVersion}` }, now });
  });
}
