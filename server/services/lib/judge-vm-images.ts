import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloudImage, image, imageDeployment, imageVersion } from "@/db/schema";
import { classifyVmImage, indexCatalogue, type VmImageVerdict } from "@/server/domain/classify-vm-image";
import { IMAGE_VERSION_ID_PROPERTY } from "@/server/domain/vm-metadata";
import { prepareOnce } from "@/db/prepared-statements";

const ph = sql.placeholder;

function prepareCatalogueStatements(db: Db) {
  return {
    selectVersions: db
      .select({
        id: imageVersion.id,
        identifier: imageVersion.identifier,
        label: sql<string>`${image.name} || ' ' || ${imageVersion.version}`,
        state: imageVersion.state,
        channel: imageVersion.channel,
        expiresAt: imageVersion.expiresAt,
        sha512: imageVersion.sha512,
      })
      .from(imageVersion)
      .innerJoin(image, eq(image.id, imageVersion.imageId))
      .prepare(),
    selectCopies: db
      .select({ cloudId: imageDeployment.cloudId, providerImageId: imageDeployment.providerImageId, versionId: imageDeployment.versionId, checksumSeen: imageDeployment.checksumSeen })
      .from(imageDeployment)
      .where(and(eq(imageDeployment.cloudId, ph("cloudId")), isNotNull(imageDeployment.providerImageId)))
      .prepare(),
    selectImageChecksums: db
      .select({ providerId: cloudImage.providerId, checksum: cloudImage.checksum })
      .from(cloudImage)
      .where(and(eq(cloudImage.cloudId, ph("cloudId")), isNotNull(cloudImage.checksum)))
      .prepare(),
  };
}

/**
 * How one cloud's images stand against the catalogue now: the catalogue, the cloud's
 * published copies and the checksums it reports are read once (per poll), after which
 * judging an image is a few map lookups.
 */
export async function readImageJudge(db: Db, cloudId: number, now: Date): Promise<(imageRef: string | null) => VmImageVerdict> {
  const statements = prepareOnce(db, prepareCatalogueStatements);
  const versions = await statements.selectVersions.all();
  const copies = (await statements.selectCopies.all({ cloudId })).flatMap((c) => (c.providerImageId === null ? [] : [{ ...c, providerImageId: c.providerImageId }]));
  const checksums = new Map((await statements.selectImageChecksums.all({ cloudId })).map((i) => [i.providerId, toSha512Checksum(i.checksum)]));
  const index = indexCatalogue(versions, copies);
  return (imageRef) => classifyVmImage({ cloudId, imageRef, checksum: imageRef === null ? null : (checksums.get(imageRef) ?? null) }, index, IMAGE_VERSION_ID_PROPERTY, now);
}

/** Clouds list a bare hex digest; only a sha512 (128 hex digits) can be held against the catalogue's. */
function toSha512Checksum(checksum: string | null): string | null {
  return checksum !== null && /^[0-9a-f]{128}$/i.test(checksum) ? `sha512:${checksum}` : null;
}
