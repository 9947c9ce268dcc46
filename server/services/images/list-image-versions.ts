import { and, asc, desc, eq, like, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { image, imageVersion } from "@/db/schema";
import { effectiveImageState } from "@/server/domain/image-versions";
import { IMAGE_VERSION_STATES } from "@/server/domain/vocabulary";

const PAGE_SIZE = 50;

export const listImageVersionsInput = z.object({
  q: z.string().trim().max(200).optional(),
  state: z.enum(IMAGE_VERSION_STATES).optional(),
  os: z.string().trim().max(200).optional(),
  arch: z.string().trim().max(50).optional(),
  origin: z.enum(["ours", "external"]).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
});
export type ListImageVersionsInput = z.input<typeof listImageVersionsInput>;

export const versionColumns = {
  id: imageVersion.id,
  imageId: imageVersion.imageId,
  imageName: image.name,
  version: imageVersion.version,
  identifier: imageVersion.identifier,
  state: imageVersion.state,
  os: imageVersion.os,
  osVersion: imageVersion.osVersion,
  arch: imageVersion.arch,
  hypervisor: imageVersion.hypervisor,
  diskFormat: imageVersion.diskFormat,
  sizeBytes: imageVersion.sizeBytes,
  sha512: imageVersion.sha512,
  sha256: imageVersion.sha256,
  sourceUri: imageVersion.sourceUri,
  contextMethod: imageVersion.contextMethod,
  minCores: imageVersion.minCores,
  minRamMb: imageVersion.minRamMb,
  releaseNotes: imageVersion.releaseNotes,
  submittedByName: imageVersion.submittedByName,
  submittedAt: imageVersion.submittedAt,
  decidedByName: imageVersion.decidedByName,
  decidedAt: imageVersion.decidedAt,
  decisionReason: imageVersion.decisionReason,
  channel: imageVersion.channel,
  endorsedAt: imageVersion.endorsedAt,
  revokedByName: imageVersion.revokedByName,
  revokedAt: imageVersion.revokedAt,
  revokeReason: imageVersion.revokeReason,
  expiresAt: imageVersion.expiresAt,
  endorserDn: imageVersion.endorserDn,
};

/** The catalogue: versions newest first, filtered by words, state, OS, architecture and origin. */
export async function listImageVersions({ db, input, now = new Date() }: { db: Db; input: ListImageVersionsInput; now?: Date }) {
  const { q, state, os, arch, origin, page } = listImageVersionsInput.parse(input);
  const filters: (SQL | undefined)[] = [
    q ? or(like(image.name, `%${q}%`), like(imageVersion.version, `%${q}%`), like(imageVersion.releaseNotes, `%${q}%`)) : undefined,
    state ? eq(imageVersion.state, state) : undefined,
    os ? like(imageVersion.os, `%${os}%`) : undefined,
    arch ? eq(imageVersion.arch, arch) : undefined,
    origin === "ours" ? sql`${imageVersion.endorserDn} is null` : origin === "external" ? sql`${imageVersion.endorserDn} is not null` : undefined,
  ];
  const where = and(...filters);
  const [rows, count] = await Promise.all([
    db.select(versionColumns).from(imageVersion).innerJoin(image, eq(image.id, imageVersion.imageId)).where(where).orderBy(desc(imageVersion.submittedAt), desc(imageVersion.id)).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).all(),
    db.select({ n: sql<number>`count(*)` }).from(imageVersion).innerJoin(image, eq(image.id, imageVersion.imageId)).where(where).get(),
  ]);
  const total = Number(count?.n ?? 0);
  return { rows: withEffectiveState(rows, now), total, page, pageSize: PAGE_SIZE, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export type ImageVersionRow = Awaited<ReturnType<typeof listImageVersions>>["rows"][number];

function withEffectiveState<T extends { state: (typeof IMAGE_VERSION_STATES)[number]; expiresAt: Date | null }>(rows: T[], now = new Date()): T[] {
  return rows.map((row) => ({ ...row, state: effectiveImageState(row.state, row.expiresAt, now) }));
}

/** All versions of one image, oldest first. */
export async function selectVersionsOfImage(db: Db, imageId: number) {
  return withEffectiveState(await db.select(versionColumns).from(imageVersion).innerJoin(image, eq(image.id, imageVersion.imageId)).where(eq(imageVersion.imageId, imageId)).orderBy(asc(imageVersion.submittedAt), asc(imageVersion.id)).all());
}
