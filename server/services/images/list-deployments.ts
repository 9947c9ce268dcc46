import { and, asc, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { actionItem, cloud, imageDeployment, imageVersion, vm } from "@/db/schema";
import { specFor } from "@/server/clouds/registry";
import { describeDeployment } from "@/server/domain/image-deployment";
import { LIVE_VM_STATES } from "@/server/domain/vocabulary";

export const listDeploymentsInput = z.object({ imageId: z.number().int().positive() });

/**
 * The deployment matrix of one image: its versions × the clouds (those a version can be
 * published to, and any holding a copy), each cell with the copy's status, the provider's
 * words, and how many live VMs run that version there.
 */
export async function listDeployments({ db, input }: { db: Db; input: z.input<typeof listDeploymentsInput> }) {
  const { imageId } = listDeploymentsInput.parse(input);
  const rows = await db
    .select({
      versionId: imageDeployment.versionId,
      cloudId: imageDeployment.cloudId,
      status: imageDeployment.status,
      providerImageId: imageDeployment.providerImageId,
      message: imageDeployment.message,
      checksumSeen: imageDeployment.checksumSeen,
      verifiedAt: imageDeployment.verifiedAt,
      actionId: imageDeployment.actionId,
      updatedAt: imageDeployment.updatedAt,
      itemStatus: actionItem.status,
      itemError: actionItem.error,
      itemAttempts: actionItem.attempts,
    })
    .from(imageDeployment)
    .innerJoin(imageVersion, eq(imageVersion.id, imageDeployment.versionId))
    .leftJoin(actionItem, and(eq(actionItem.actionId, imageDeployment.actionId), eq(actionItem.cloudId, imageDeployment.cloudId)))
    .where(eq(imageVersion.imageId, imageId))
    .all();

  // What the collector matched to each version (see filterVmsOnVersion): the figure and the VMs it links to agree.
  const versionIds = [...new Set(rows.map((r) => r.versionId))];
  const vmCounts =
    versionIds.length === 0
      ? []
      : await db
          .select({ cloudId: vm.cloudId, versionId: vm.imageVersionId, n: count() })
          .from(vm)
          .where(and(inArray(vm.imageVersionId, versionIds), inArray(vm.state, LIVE_VM_STATES)))
          .groupBy(vm.imageVersionId, vm.cloudId)
          .all();
  const vmsOn = (cloudId: number, versionId: number) => vmCounts.find((c) => c.cloudId === cloudId && c.versionId === versionId)?.n ?? 0;

  const allClouds = await db.select({ id: cloud.id, name: cloud.name, kind: cloud.kind, enabled: cloud.enabled }).from(cloud).orderBy(asc(cloud.name)).all();
  const holding = new Set(rows.map((r) => r.cloudId));
  const clouds = allClouds
    .filter((c) => holding.has(c.id) || (c.enabled && specFor(c.kind).publishesImages))
    .map((c) => ({ id: c.id, name: c.name, publishable: c.enabled && specFor(c.kind).publishesImages }));

  const cells = rows.map((r) => {
    const item = r.itemStatus === null ? null : { status: r.itemStatus, error: r.itemError, attempts: r.itemAttempts ?? 0 };
    const shown = describeDeployment({ status: r.status, message: r.message, item });
    return {
      versionId: r.versionId,
      cloudId: r.cloudId,
      status: shown.status,
      detail: shown.detail,
      providerImageId: r.providerImageId,
      checksumSeen: r.checksumSeen,
      verifiedAt: r.verifiedAt,
      actionId: r.actionId,
      updatedAt: r.updatedAt,
      vmCount: vmsOn(r.cloudId, r.versionId),
    };
  });
  return { clouds, cells };
}

export type DeploymentMatrix = Awaited<ReturnType<typeof listDeployments>>;
