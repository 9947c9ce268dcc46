import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { siteParamVersion } from "@/db/schema";
import { diffSiteParams, type SiteParamChange, type SiteParams } from "@/server/domain/site-params";
import { parseStoredSiteParams } from "./get-site-params";

export const HISTORY_DEFAULT_LIMIT = 50;

export const siteParamHistoryInput = z.object({
  cloudId: z.number().int().positive(),
  limit: z.number().int().min(1).max(200).default(HISTORY_DEFAULT_LIMIT),
});
export type SiteParamHistoryInput = z.input<typeof siteParamHistoryInput>;

export interface SiteParamHistoryEntry {
  version: number;
  createdAt: Date;
  createdByName: string;
  comment: string | null;
  params: SiteParams | null;
  /** What this version changed from the one before; every field for version 1. */
  changes: SiteParamChange[];
  /** Set when the stored JSON no longer validates. */
  problem: string | null;
}

/** A cloud's versions, newest first, each with what it changed. */
export async function listSiteParamHistory({ db, input }: { db: Pick<Db, "select">; input: SiteParamHistoryInput }): Promise<{ entries: SiteParamHistoryEntry[]; total: number }> {
  const limit = input.limit ?? HISTORY_DEFAULT_LIMIT;
  // One extra row: the version before the oldest shown, to diff against.
  const rows = await db
    .select()
    .from(siteParamVersion)
    .where(eq(siteParamVersion.cloudId, input.cloudId))
    .orderBy(desc(siteParamVersion.version))
    .limit(limit + 1)
    .all();
  const parsed = rows.map((row) => {
    try {
      return { row, params: parseStoredSiteParams(row.cloudId, row.version, row.params), problem: null };
    } catch (error) {
      return { row, params: null, problem: error instanceof Error ? error.message : String(error) };
    }
  });
  const entries = parsed.slice(0, limit).map(({ row, params, problem }, i): SiteParamHistoryEntry => {
    const previous = parsed[i + 1]?.params ?? null;
    return {
      version: row.version,
      createdAt: row.createdAt,
      createdByName: row.createdByName,
      comment: row.comment,
      params,
      changes: params ? diffSiteParams(previous, params) : [],
      problem,
    };
  });
  return { entries, total: rows[0]?.version ?? 0 };
}
