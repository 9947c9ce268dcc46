import { and, eq, gt, inArray, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { action, actionItem, cloud, cloudImage, flavor, quota, vm } from "@/db/schema";
import { parseStoredActionParams, type launchInput, type LaunchActionParams, type LaunchParams } from "@/server/domain/action-params";
import { launchTokenFor, launchVmNameFor } from "@/server/domain/action-outcome";
import { specFor } from "@/server/clouds/registry";
import { checkContextSize, renderContext } from "@/server/domain/contextualization";
import { findQuotaShortfall, type PendingUse } from "@/server/domain/launch-quota";
import { LIVE_VM_STATES } from "@/server/domain/vocabulary";
import type { Actor } from "./lib/actor";
import { ACTIVE_ITEM_STATUSES, findRepeatedRequest, insertAction, type RequestResult, type Tx } from "./lib/action-rows";
import { ServiceError } from "./lib/errors";
import { getCurrentSiteParams } from "./get-site-params";
import { recordAudit } from "./record-audit";

export type LaunchInput = z.output<typeof launchInput>;

/**
 * Queues a launch of `count` VMs on one cloud: refuses, before anything is queued, a cloud
 * that is missing, disabled or paused, an image or flavor the cloud does not offer, and a
 * launch over quota (with the numbers). The same idempotency key twice is one action.
 */
export async function launchVms({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: LaunchInput; now?: Date }): Promise<RequestResult> {
  return db.transaction(async (tx) => {
    const repeated = await findRepeatedRequest(tx, input.idempotencyKey, "launch", actor.id);
    if (repeated) return repeated;
    const checked = await checkLaunch(tx, input);
    const params: LaunchActionParams = {
      cloudId: input.cloudId,
      imageId: input.imageId,
      flavorId: input.flavorId,
      queue: input.queue,
      count: input.count,
      cloudName: checked.cloudName,
      imageName: checked.imageName,
      flavorName: checked.flavorName,
      ...(input.reason ? { reason: input.reason } : {}),
    };
    const actionId = await insertAction(tx, {
      kind: "launch",
      idempotencyKey: input.idempotencyKey,
      cloudId: input.cloudId,
      actor,
      now,
      params: { ...params },
      items: Array.from({ length: input.count }, () => ({ cloudId: input.cloudId })),
      tokenFor: launchTokenFor,
    });
    await recordAudit(
      tx,
      actor,
      {
        verb: "vms.launch",
        targetType: "action",
        targetId: actionId,
        summary: `Launch ${input.count} × ${checked.flavorName} (${checked.imageName}) on ${checked.cloudName} for ${input.queue}${input.reason ? `: ${input.reason}` : ""}`,
        after: params,
      },
      now,
    );
    return { actionId, existing: false };
  });
}

/** The checks every launch passes before it is queued (a retried launch too). */
export async function checkLaunch(
  tx: Tx,
  launch: Pick<LaunchParams, "cloudId" | "imageId" | "flavorId" | "count" | "queue">,
): Promise<{ cloudName: string; imageName: string; flavorName: string }> {
  const c = await tx.select().from(cloud).where(eq(cloud.id, launch.cloudId)).get();
  if (!c) throw new ServiceError("BAD_REQUEST", `Cloud ${launch.cloudId} does not exist`);
  const because = c.operatorReason ? ` (${c.operatorReason})` : "";
  if (!c.enabled) throw new ServiceError("BAD_REQUEST", `${c.name} is disabled${because}: it takes no launches until an operator enables it`);
  if (c.paused) throw new ServiceError("BAD_REQUEST", `${c.name} is paused${because}: it takes no launches until an operator resumes it`);
  if (c.status === "down") {
    throw new ServiceError("BAD_REQUEST", `${c.name} is down${c.statusReason ? ` (${c.statusReason})` : ""}: a launch would fail; try again once it answers`);
  }

  const image = await tx
    .select({ name: cloudImage.name })
    .from(cloudImage)
    .where(and(eq(cloudImage.cloudId, c.id), eq(cloudImage.providerId, launch.imageId)))
    .get();
  if (!image) throw new ServiceError("BAD_REQUEST", `Image ${launch.imageId} is not among the images ${c.name} offers`);
  const size = await tx
    .select({ name: flavor.name, vcpus: flavor.vcpus, ramMb: flavor.ramMb })
    .from(flavor)
    .where(and(eq(flavor.cloudId, c.id), eq(flavor.providerId, launch.flavorId)))
    .get();
  if (!size) throw new ServiceError("BAD_REQUEST", `Flavor ${launch.flavorId} is not among the flavors ${c.name} offers`);

  const site = await getCurrentSiteParams({ db: tx, input: { cloudId: c.id } });
  if (!site) throw new ServiceError("BAD_REQUEST", `${c.name} has no site parameters yet: set them on the cloud's page before launching`);
  // The largest this launch's context can be: the longest VM name and token it will carry.
  const sample = launchTokenFor(99_999_999, Math.max(0, launch.count - 1));
  const rendered = renderContext(c.contextMethod, site.params, { vmName: launchVmNameFor(launch.queue, sample), queue: launch.queue, actionId: 99_999_999, token: sample, cloudName: c.name });
  const tooBig = checkContextSize(specFor(c.kind).userData, rendered.bytes);
  if (tooBig) throw new ServiceError("BAD_REQUEST", `${c.name}: ${tooBig}`);

  const quotas = await tx.select().from(quota).where(eq(quota.cloudId, c.id)).all();
  const seenAt = quotas.length > 0 ? new Date(Math.min(...quotas.map((q) => q.seenAt.getTime()))) : null;
  const pending = await readPendingUse(tx, c.id, seenAt);
  const shortfall = findQuotaShortfall({ cloudName: c.name, count: launch.count, vcpus: size.vcpus, ramMb: size.ramMb }, quotas, pending);
  if (shortfall) throw new ServiceError("BAD_REQUEST", shortfall);
  return { cloudName: c.name, imageName: image.name, flavorName: size.name };
}

/**
 * VMs asked for but not in the cloud's last quota reading: items of unfinished launches,
 * and VMs we launched after that reading. Sizes come from the cloud's flavors.
 */
async function readPendingUse(tx: Tx, cloudId: number, quotaSeenAt: Date | null): Promise<PendingUse> {
  const flavors = await tx.select({ id: flavor.providerId, vcpus: flavor.vcpus, ramMb: flavor.ramMb }).from(flavor).where(eq(flavor.cloudId, cloudId)).all();
  const sizes = new Map(flavors.map((f) => [f.id, f]));
  const pending: PendingUse = { instances: 0, cores: 0, ramMb: 0 };
  const add = (flavorId: string | null, n: number) => {
    const f = flavorId === null ? undefined : sizes.get(flavorId);
    pending.instances += n;
    pending.cores += (f?.vcpus ?? 0) * n;
    pending.ramMb += (f?.ramMb ?? 0) * n;
  };

  const waiting = await tx
    .select({ params: action.params, itemStatus: actionItem.status })
    .from(actionItem)
    .innerJoin(action, eq(action.id, actionItem.actionId))
    .where(and(eq(action.kind, "launch"), eq(actionItem.cloudId, cloudId), inArray(actionItem.status, ACTIVE_ITEM_STATUSES)))
    .all();
  for (const row of waiting) add(flavorIdOf(row.params), 1);

  if (quotaSeenAt) {
    const launched = await tx
      .select({ flavorRef: vm.flavorRef })
      .from(vm)
      .where(and(eq(vm.cloudId, cloudId), isNotNull(vm.launchActionId), gt(vm.requestedAt, quotaSeenAt), inArray(vm.state, LIVE_VM_STATES)))
      .all();
    for (const row of launched) add(row.flavorRef, 1);
  }
  return pending;
}

/** An unreadable launch counts as one VM of unknown size rather than failing every later launch. */
function flavorIdOf(params: string): string | null {
  const stored = parseStoredActionParams("launch", params);
  return stored.ok && stored.value.kind === "launch" ? stored.value.params.flavorId : null;
}
