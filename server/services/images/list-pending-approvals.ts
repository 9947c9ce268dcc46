import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { image, imageVersion } from "@/db/schema";
import { diffImageVersions, type ReviewedValues } from "@/server/domain/image-versions";
import { selectVersionsOfImage, versionColumns, type ImageVersionRow } from "./list-image-versions";

/** What waits for a second admin, oldest first, each with what changed since the image's previous version. */
export async function listPendingApprovals({ db }: { db: Db }) {
  const pending = await db.select(versionColumns).from(imageVersion).innerJoin(image, eq(image.id, imageVersion.imageId)).where(eq(imageVersion.state, "submitted")).orderBy(asc(imageVersion.submittedAt), asc(imageVersion.id)).all();
  const byImage = new Map<number, ImageVersionRow[]>();
  for (const imageId of new Set(pending.map((p) => p.imageId))) byImage.set(imageId, await selectVersionsOfImage(db, imageId));
  return pending.map((version) => {
    const siblings = byImage.get(version.imageId) ?? [];
    const previous = siblings.filter((s) => s.id !== version.id && s.state !== "rejected" && s.submittedAt <= version.submittedAt).at(-1) ?? null;
    return { version, previous: previous && { id: previous.id, version: previous.version, state: previous.state }, changes: diffImageVersions(previous && reviewedValues(previous), reviewedValues(version)) };
  });
}

function reviewedValues(v: ImageVersionRow): ReviewedValues {
  return { os: v.os, osVersion: v.osVersion, arch: v.arch, hypervisor: v.hypervisor, diskFormat: v.diskFormat, sizeBytes: v.sizeBytes, sha512: v.sha512, sourceUri: v.sourceUri, contextMethod: v.contextMethod, minCores: v.minCores, minRamMb: v.minRamMb, releaseNotes: v.releaseNotes };
}
