import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { image, imageDeployment, imageVersion } from "@/db/schema";
import type { CopyJudgement } from "@/server/domain/image-deployment";
import { markFailed, markSucceeded } from "../record-action-item";
import { readImageConfig } from "./image-config";

export interface PublishSource {
  identifier: string;
  name: string;
  version: string;
  diskFormat: string;
  sizeBytes: number;
  sha512: string;
  /** The version's file on this host. */
  file: string;
}

/** What the worker uploads for a version: its catalogue facts and file; null when the version or its file is gone. */
export async function readPublishSource({ db, input, dir = readImageConfig().dir }: { db: Db; input: { versionId: number }; dir?: string }): Promise<PublishSource | null> {
  const row = await db
    .select({ identifier: imageVersion.identifier, name: image.name, version: imageVersion.version, diskFormat: imageVersion.diskFormat, sizeBytes: imageVersion.sizeBytes, sha512: imageVersion.sha512, fileName: imageVersion.fileName })
    .from(imageVersion)
    .innerJoin(image, eq(image.id, imageVersion.imageId))
    .where(eq(imageVersion.id, input.versionId))
    .get();
  if (!row?.fileName) return null;
  const { fileName, ...facts } = row;
  return { ...facts, file: path.join(dir, fileName) };
}

interface ItemRef {
  actionId: number;
  itemId: number;
  versionId: number;
  cloudId: number;
  now: Date;
}

/**
 * The cloud holds a copy: present when its checksum matches (the item succeeds), modified
 * when it does not (the item fails naming both hashes), in one transaction.
 */
export async function recordPublishedCopy({ db, input }: { db: Db; input: ItemRef & { providerImageId: string; judgement: CopyJudgement } }): Promise<void> {
  const { judgement, now } = input;
  await db.transaction(async (tx) => {
    await tx
      .update(imageDeployment)
      .set({
        status: judgement.status,
        providerImageId: input.providerImageId,
        message: judgement.message,
        checksumSeen: judgement.checksumSeen,
        verifiedAt: judgement.status === "present" && judgement.verified ? now : null,
        actionId: input.actionId,
        updatedAt: now,
      })
      .where(deploymentOf(input))
      .run();
    if (judgement.status === "present") await markSucceeded(tx, input.actionId, input.itemId, now);
    else await markFailed(tx, input.actionId, input.itemId, judgement.message, now);
  });
}

/** The cloud refused or the publish gave up: the copy is failed with the provider's words, and so is the item. */
export async function recordPublishFailure({ db, input }: { db: Db; input: ItemRef & { error: string } }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(imageDeployment).set({ status: "failed", message: input.error, actionId: input.actionId, updatedAt: input.now }).where(deploymentOf(input)).run();
    await markFailed(tx, input.actionId, input.itemId, input.error, input.now);
  });
}

function deploymentOf(ref: { versionId: number; cloudId: number }) {
  return and(eq(imageDeployment.versionId, ref.versionId), eq(imageDeployment.cloudId, ref.cloudId));
}
