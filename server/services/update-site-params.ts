import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { cloud, siteParamVersion } from "@/db/schema";
import { diffSiteParams, siteParamsSchema } from "@/server/domain/site-params";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { parseStoredSiteParams } from "./get-site-params";
import { recordAudit } from "./record-audit";

export const updateSiteParamsInput = z.object({
  cloudId: z.number().int().positive(),
  /** The version the editor started from; 0 when the cloud had none. */
  basedOnVersion: z.number().int().min(0),
  params: siteParamsSchema,
  /** Why; empty counts as none. */
  comment: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((c) => c || undefined),
});
export type UpdateSiteParamsInput = z.input<typeof updateSiteParamsInput>;

export interface UpdateSiteParamsResult {
  version: number;
  /** false when the params equal the version in force: nothing is saved or audited. */
  created: boolean;
}

/**
 * Saves a new version of a cloud's site parameters. Optimistic concurrency: the editor
 * names the version it started from, and a save on top of someone else's is refused.
 * The read, the insert and the audit entry share one write-locked transaction.
 */
export async function updateSiteParams({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: UpdateSiteParamsInput; now?: Date }): Promise<UpdateSiteParamsResult> {
  const { cloudId, basedOnVersion, params, comment } = updateSiteParamsInput.parse(input);
  return db.transaction(
    async (tx): Promise<UpdateSiteParamsResult> => {
      const target = await tx.select({ id: cloud.id, name: cloud.name }).from(cloud).where(eq(cloud.id, cloudId)).get();
      if (!target) throw new ServiceError("NOT_FOUND", `Cloud ${cloudId} does not exist`);
      const current = await selectNewest(tx, cloudId);
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== basedOnVersion) {
        const who = current ? ` (${current.createdByName})` : "";
        throw new ServiceError(
          "CONFLICT",
          basedOnVersion > currentVersion
            ? `Version ${basedOnVersion} does not exist; the newest is ${currentVersion}. Reload and edit again`
            : `Someone saved version ${currentVersion} meanwhile${who}. Reload to see it, then apply your change again`,
        );
      }
      const before = current ? parseStoredSiteParams(cloudId, current.version, current.params) : null;
      const changes = diffSiteParams(before, params);
      if (before && changes.length === 0) return { version: currentVersion, created: false };

      const version = currentVersion + 1;
      await tx
        .insert(siteParamVersion)
        .values({ cloudId, version, params: JSON.stringify(params), createdById: actor.id, createdByName: actor.name, createdAt: now, comment: comment ?? null })
        .run();
      await recordAudit(
        tx,
        actor,
        {
          verb: "siteParams.edit",
          targetType: "cloud",
          targetId: cloudId,
          summary: `Site parameters of ${target.name} v${version}: ${before ? summarizeChanges(changes) : "first version"}${comment ? ` (“${comment}”)` : ""}`,
          before: before ? { version: currentVersion, params: before } : undefined,
          after: { version, params, comment },
        },
        now,
      );
      return { version, created: true };
    },
  );
}

async function selectNewest(tx: Tx, cloudId: number) {
  return tx
    .select({ version: siteParamVersion.version, params: siteParamVersion.params, createdByName: siteParamVersion.createdByName })
    .from(siteParamVersion)
    .where(eq(siteParamVersion.cloudId, cloudId))
    .orderBy(desc(siteParamVersion.version))
    .limit(1)
    .get();
}

function summarizeChanges(changes: ReturnType<typeof diffSiteParams>): string {
  const labels = changes.map((c) => c.label);
  return labels.length <= 4 ? `changed ${labels.join(", ")}` : `changed ${labels.slice(0, 3).join(", ")} and ${labels.length - 3} more`;
}
