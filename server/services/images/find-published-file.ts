import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { imageVersion } from "@/db/schema";
import { readImageConfig } from "./image-config";

/**
 * The stored file of a version that is on a published list (endorsed), for subscribers
 * downloading what a list's hv:uri names; null for anything else, so unpublished files stay private.
 */
export async function findPublishedImageFile({ db, identifier, dir = readImageConfig().dir }: { db: Db; identifier: string; dir?: string }): Promise<{ file: string; sizeBytes: number; sha512: string } | null> {
  const row = await db.select({ fileName: imageVersion.fileName, state: imageVersion.state, sizeBytes: imageVersion.sizeBytes, sha512: imageVersion.sha512 }).from(imageVersion).where(eq(imageVersion.identifier, identifier)).get();
  if (!row?.fileName || row.state !== "endorsed") return null;
  return { file: path.join(dir, row.fileName), sizeBytes: row.sizeBytes, sha512: row.sha512 };
}
