import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { quota } from "@/db/schema";
import type { QuotaResource } from "@/server/domain/vocabulary";


export interface QuotaUse {
  resource: QuotaResource;
  used: number;
  /** null: unlimited */
  limit: number | null;
  seenAt: Date;
}

/** Quota figures grouped by cloud, each cloud's list in a stable resource order. */
export async function listQuotaUseByCloud(db: Db, cloudId?: number): Promise<Map<number, QuotaUse[]>> {
  const rows = await db
    .select()
    .from(quota)
    .where(cloudId === undefined ? undefined : eq(quota.cloudId, cloudId))
    .orderBy(asc(quota.cloudId), asc(quota.resource));
  const byCloud = new Map<number, QuotaUse[]>();
  for (const { cloudId: id, ...use } of rows) {
    byCloud.set(id, [...(byCloud.get(id) ?? []), use]);
  }
  return byCloud;
}
