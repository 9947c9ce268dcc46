import crypto from "node:crypto";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { image, imageVersion } from "@/db/schema";
import { IMAGE_CONTEXT_METHODS, IMAGE_DISK_FORMATS } from "@/server/domain/vocabulary";
import type { Actor } from "../lib/actor";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";
import { readImageConfig, type ImageConfig } from "./image-config";
import { removeImageFile, storeImageFile, type StoredImageFile } from "./store-image-file";

const label = z.string().trim().min(1).max(200);
const hex = (length: number) => z.string().trim().toLowerCase().regex(new RegExp(`^[0-9a-f]{${length}}$`), `expected ${length} hexadecimal characters`);

/** What an operator tells about a version; the file itself comes by URL or upload. */
export const imageMetadataInput = z.object({
  imageName: label.regex(/^[\w.+-]+( [\w.+-]+)*$/, "letters, digits, spaces and . _ + - only"),
  description: z.string().trim().max(2000).default(""),
  version: z.string().trim().min(1).max(64).regex(/^[\w.+-]+$/, "letters, digits and . _ + - only"),
  os: label,
  osVersion: label,
  arch: z.enum(["x86_64", "aarch64", "ppc64le", "i686"]),
  hypervisor: z.enum(["kvm", "xen", "vmware", "hyperv"]),
  diskFormat: z.enum(IMAGE_DISK_FORMATS),
  contextMethod: z.enum(IMAGE_CONTEXT_METHODS),
  minCores: z.coerce.number().int().min(1).max(512).default(1),
  minRamMb: z.coerce.number().int().min(0).max(4_194_304).default(0),
  releaseNotes: z.string().max(20_000).default(""),
});
export type ImageMetadataInput = z.input<typeof imageMetadataInput>;
type ImageMetadata = z.output<typeof imageMetadataInput>;

export const submitImageByUrlInput = imageMetadataInput.extend({
  sourceUri: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
  expectedSha512: hex(128).optional(),
  expectedSha256: hex(64).optional(),
});
export type SubmitImageByUrlInput = z.input<typeof submitImageByUrlInput>;

export interface SubmittedImageVersion {
  imageId: number;
  versionId: number;
  sizeBytes: number;
  sha512: string;
  sha256: string;
}

/**
 * Downloads the image at `sourceUri` (streaming, hashed on the way) and registers it as a
 * submitted version. A failed download or a checksum that does not match is refused with
 * the numbers, and no file is kept.
 */
export async function submitImageByUrl({ db, actor, input, config = readImageConfig(), fetchImpl = fetch, now = new Date() }: { db: Db; actor: Actor; input: SubmitImageByUrlInput; config?: ImageConfig; fetchImpl?: typeof fetch; now?: Date }): Promise<SubmittedImageVersion> {
  const parsed = submitImageByUrlInput.parse(input);
  const { sourceUri, expectedSha512, expectedSha256, ...metadata } = parsed;
  await refuseExistingVersion(db, metadata);
  let response: Response;
  try {
    response = await fetchImpl(sourceUri, { redirect: "follow" });
  } catch (error) {
    throw new ServiceError("BAD_REQUEST", `Download of ${sourceUri} failed: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ServiceError("BAD_REQUEST", `Download of ${sourceUri} failed: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > config.maxBytes) {
    await response.body.cancel();
    throw new ServiceError("BAD_REQUEST", `${sourceUri} is ${declared} bytes, over the limit of ${config.maxBytes}`);
  }
  const stored = await storeImageFile({ source: Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>), dir: config.dir, maxBytes: config.maxBytes, expected: { sha512: expectedSha512, sha256: expectedSha256 } });
  return registerStoredVersion({ db, actor, metadata, stored, sourceUri, config, now });
}

/** Registers a browser upload (already parsed metadata, the body as a stream). */
export async function submitImageUpload({ db, actor, metadata: raw, body, config = readImageConfig(), now = new Date() }: { db: Db; actor: Actor; metadata: ImageMetadataInput; body: AsyncIterable<Uint8Array>; config?: ImageConfig; now?: Date }): Promise<SubmittedImageVersion> {
  const metadata = imageMetadataInput.parse(raw);
  await refuseExistingVersion(db, metadata);
  const stored = await storeImageFile({ source: body, dir: config.dir, maxBytes: config.maxBytes });
  return registerStoredVersion({ db, actor, metadata, stored, sourceUri: null, config, now });
}

async function refuseExistingVersion(db: Db, metadata: ImageMetadata): Promise<void> {
  const existing = await db
    .select({ id: imageVersion.id })
    .from(imageVersion)
    .innerJoin(image, eq(image.id, imageVersion.imageId))
    .where(and(eq(image.name, metadata.imageName), eq(imageVersion.version, metadata.version)))
    .get();
  if (existing) throw new ServiceError("CONFLICT", `${metadata.imageName} already has a version ${metadata.version}`);
}

async function registerStoredVersion({ db, actor, metadata, stored, sourceUri, config, now }: { db: Db; actor: Actor; metadata: ImageMetadata; stored: StoredImageFile; sourceUri: string | null; config: ImageConfig; now: Date }): Promise<SubmittedImageVersion> {
  try {
    return await db.transaction(async (tx) => {
      await refuseExistingVersion(tx, metadata);
      let target = await tx.select({ id: image.id, external: image.externalEndorserDn }).from(image).where(eq(image.name, metadata.imageName)).get();
      if (target?.external) throw new ServiceError("CONFLICT", `${metadata.imageName} is an external image (endorsed by ${target.external}); pick another name`);
      target ??= await tx.insert(image).values({ name: metadata.imageName, description: metadata.description, createdAt: now }).returning({ id: image.id, external: image.externalEndorserDn }).get();
      const { imageName, description: _description, ...fields } = metadata;
      const row = await tx
        .insert(imageVersion)
        .values({
          ...fields,
          imageId: target.id,
          identifier: crypto.randomUUID(),
          state: "submitted",
          sizeBytes: stored.sizeBytes,
          sha512: stored.sha512,
          sha256: stored.sha256,
          sourceUri,
          fileName: stored.fileName,
          submittedById: actor.id,
          submittedByName: actor.name,
          submittedAt: now,
        })
        .returning({ id: imageVersion.id })
        .get();
      await recordAudit(
        tx,
        actor,
        {
          verb: "images.submit",
          targetType: "image_version",
          targetId: row.id,
          summary: `Submitted ${imageName} ${metadata.version} (${stored.sizeBytes} bytes${sourceUri ? ` from ${sourceUri}` : ", uploaded"})`,
          after: { ...fields, imageName, sizeBytes: stored.sizeBytes, sha512: stored.sha512, sha256: stored.sha256, sourceUri },
        },
        now,
      );
      return { imageId: target.id, versionId: row.id, sizeBytes: stored.sizeBytes, sha512: stored.sha512, sha256: stored.sha256 };
    });
  } catch (error) {
    await removeImageFile(config.dir, stored.fileName);
    throw error;
  }
}
