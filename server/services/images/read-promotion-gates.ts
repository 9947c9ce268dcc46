import { and, count, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, image, imageDeployment, imageVersion, vm } from "@/db/schema";
import { evaluatePromotionGates, type PromotionGate } from "@/server/domain/promotion-gates";

/** The promotion gates of some versions, by version id: their copies, and the VMs of each that reached running. */
export async function readPromotionGates(db: Db, versionIds: readonly number[]): Promise<Map<number, PromotionGate[]>> {
  if (versionIds.length === 0) return new Map();
  const ids = [...versionIds];
  const [versions, copies, booted] = await Promise.all([
    db
      .select({ id: imageVersion.id, name: image.name, version: imageVersion.version, state: imageVersion.state, channel: imageVersion.channel })
      .from(imageVersion)
      .innerJoin(image, eq(image.id, imageVersion.imageId))
      .where(inArray(imageVersion.id, ids))
      .all(),
    db
      .select({ versionId: imageDeployment.versionId, cloudName: cloud.name, status: imageDeployment.status, verifiedAt: imageDeployment.verifiedAt })
      .from(imageDeployment)
      .innerJoin(cloud, eq(cloud.id, imageDeployment.cloudId))
      .where(inArray(imageDeployment.versionId, ids))
      .all(),
    db
      .select({ versionId: vm.imageVersionId, n: count() })
      .from(vm)
      .where(and(inArray(vm.imageVersionId, ids), isNotNull(vm.runningAt)))
      .groupBy(vm.imageVersionId)
      .all(),
  ]);
  return new Map(
    versions.map((v) => [
      v.id,
      evaluatePromotionGates({
        label: `${v.name} ${v.version}`,
        state: v.state,
        channel: v.channel,
        copies: copies.filter((c) => c.versionId === v.id).map((c) => ({ cloudName: c.cloudName, status: c.status, verified: c.verifiedAt !== null })),
        bootedVms: booted.find((b) => b.versionId === v.id)?.n ?? 0,
      }),
    ]),
  );
}
