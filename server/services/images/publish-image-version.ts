import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, image, imageDeployment, imageVersion } from "@/db/schema";
import { specFor } from "@/server/clouds/registry";
import type { publishInput, PublishActionParams } from "@/server/domain/action-params";
import { findPublishRefusal } from "@/server/domain/image-deployment";
import type { Actor } from "../lib/actor";
import { findRepeatedRequest, insertAction, type RequestResult } from "../lib/action-rows";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";

export type PublishInput = z.output<typeof publishInput>;

/**
 * Queues the publishing of one catalogue version to the chosen clouds, one item per cloud,
 * and marks each copy "publishing" in the deployment matrix. Refused before anything is
 * queued: a version that is not approved or has no file, a cloud that is missing, disabled
 * or of a kind that cannot publish yet. The same idempotency key twice is one action.
 */
export async function publishImageVersion({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: PublishInput; now?: Date }): Promise<RequestResult> {
  return db.transaction(async (tx) => {
    const repeated = await findRepeatedRequest(tx, input.idempotencyKey, "publish", actor.id);
    if (repeated) return repeated;
    const version = await tx
      .select({ state: imageVersion.state, version: imageVersion.version, fileName: imageVersion.fileName, name: image.name })
      .from(imageVersion)
      .innerJoin(image, eq(image.id, imageVersion.imageId))
      .where(eq(imageVersion.id, input.versionId))
      .get();
    if (!version) throw new ServiceError("NOT_FOUND", `Image version ${input.versionId} does not exist`);
    const label = `${version.name} ${version.version}`;
    const refusal = findPublishRefusal({ state: version.state, fileName: version.fileName, label });
    if (refusal) throw new ServiceError("CONFLICT", refusal);

    const cloudIds = [...new Set(input.cloudIds)];
    const clouds = await tx.select({ id: cloud.id, name: cloud.name, kind: cloud.kind, enabled: cloud.enabled }).from(cloud).where(inArray(cloud.id, cloudIds)).all();
    for (const id of cloudIds) {
      const c = clouds.find((x) => x.id === id);
      if (!c) throw new ServiceError("BAD_REQUEST", `Cloud ${id} does not exist`);
      if (!c.enabled) throw new ServiceError("BAD_REQUEST", `${c.name} is disabled: nothing can be published to it`);
      const spec = specFor(c.kind);
      if (!spec.publishesImages) throw new ServiceError("BAD_REQUEST", `${c.name}: publishing to ${spec.label} clouds is not supported yet`);
    }

    const params: PublishActionParams = { versionId: input.versionId, cloudIds, imageName: version.name, version: version.version };
    const actionId = await insertAction(tx, { kind: "publish", idempotencyKey: input.idempotencyKey, cloudId: null, actor, now, params: { ...params }, items: cloudIds.map((cloudId) => ({ cloudId })) });
    for (const cloudId of cloudIds) {
      const publishing = { status: "publishing" as const, message: null, actionId, updatedAt: now };
      await tx
        .insert(imageDeployment)
        .values({ versionId: input.versionId, cloudId, ...publishing })
        .onConflictDoUpdate({ target: [imageDeployment.versionId, imageDeployment.cloudId], set: publishing })
        .run();
    }
    const names = cloudIds.map((id) => clouds.find((c) => c.id === id)?.name ?? String(id));
    await recordAudit(tx, actor, { verb: "images.publish", targetType: "image_version", targetId: input.versionId, summary: `Publish ${label} to ${names.join(", ")} (action #${actionId})`, after: params }, now);
    return { actionId, existing: false };
  });
}
