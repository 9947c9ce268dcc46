import { desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { autoscalePolicyVersion, cloud, cloudImage, flavor, pandaQueue } from "@/db/schema";
import { autoscalePolicy, findPolicyCloudProblems, type AutoscalePolicy, type CloudOffer } from "@/server/domain/autoscale-policy";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

type Reader = Pick<Db, "select">;

export const queueRefInput = z.object({ queueId: z.number().int().positive() });

export const updatePolicyInput = z.object({
  queueId: z.number().int().positive(),
  /** The version the editor started from; 0 when the queue had none. */
  basedOnVersion: z.number().int().min(0),
  policy: autoscalePolicy,
});
export type UpdatePolicyInput = z.input<typeof updatePolicyInput>;

export interface CurrentPolicy {
  version: number;
  policy: AutoscalePolicy;
  createdAt: Date;
  createdByName: string;
}

/** The newest version of each queue's policy (the one in force); a version no longer valid is left out, so the queue holds. */
export async function listCurrentPolicies({ db, queueIds }: { db: Reader; queueIds?: number[] }): Promise<Map<number, CurrentPolicy>> {
  const rows = await db
    .select()
    .from(autoscalePolicyVersion)
    .where(queueIds ? inArray(autoscalePolicyVersion.queueId, queueIds) : undefined)
    .orderBy(desc(autoscalePolicyVersion.version))
    .all();
  const out = new Map<number, CurrentPolicy>();
  for (const r of rows) {
    if (out.has(r.queueId)) continue;
    const parsed = autoscalePolicy.safeParse(JSON.parse(r.policy));
    if (parsed.success) out.set(r.queueId, { version: r.version, policy: parsed.data, createdAt: r.createdAt, createdByName: r.createdByName });
  }
  return out;
}

export async function getCurrentPolicy({ db, input }: { db: Reader; input: { queueId: number } }): Promise<CurrentPolicy | null> {
  return (await listCurrentPolicies({ db, queueIds: [input.queueId] })).get(input.queueId) ?? null;
}

/** What each cloud offers a policy: its images (provider ids) and flavors, for the form and the check. */
export async function listCloudOffers({ db }: { db: Reader }): Promise<CloudOffer[]> {
  const [clouds, images, flavors] = await Promise.all([
    db.select({ id: cloud.id, name: cloud.name }).from(cloud).where(eq(cloud.enabled, true)).orderBy(cloud.name).all(),
    db.select({ cloudId: cloudImage.cloudId, providerId: cloudImage.providerId }).from(cloudImage).all(),
    db.select({ cloudId: flavor.cloudId, providerId: flavor.providerId }).from(flavor).all(),
  ]);
  return clouds.map((c) => ({
    cloudId: c.id,
    name: c.name,
    images: images.filter((i) => i.cloudId === c.id).map((i) => i.providerId),
    flavors: flavors.filter((f) => f.cloudId === c.id).map((f) => f.providerId),
  }));
}

/**
 * Saves a new version of a queue's policy, like site parameters: optimistic concurrency on
 * the version the editor started from, the clouds checked against what they serve (each
 * refusal names the field), and the audit entry in the same transaction.
 */
export async function updateAutoscalePolicy({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: UpdatePolicyInput; now?: Date }): Promise<{ version: number; created: boolean }> {
  const { queueId, basedOnVersion } = input;
  const policy = autoscalePolicy.parse(input.policy);
  const problem = findPolicyCloudProblems(policy, await listCloudOffers({ db }))[0];
  if (problem) throw new ServiceError("BAD_REQUEST", `${problem.path.join(".")}: ${problem.message}`);
  return db.transaction(async (tx) => {
    const queue = await tx.select({ id: pandaQueue.id, name: pandaQueue.name }).from(pandaQueue).where(eq(pandaQueue.id, queueId)).get();
    if (!queue) throw new ServiceError("NOT_FOUND", `Queue ${queueId} does not exist`);
    const current = await selectNewest(tx, queueId);
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== basedOnVersion) {
      throw new ServiceError("CONFLICT", `Someone saved version ${currentVersion} of this policy meanwhile${current ? ` (${current.createdByName})` : ""}. Reload to see it, then apply your change again`);
    }
    const before = current ? (JSON.parse(current.policy) as unknown) : null;
    if (before && JSON.stringify(before) === JSON.stringify(policy)) return { version: currentVersion, created: false };
    const version = currentVersion + 1;
    await tx.insert(autoscalePolicyVersion).values({ queueId, version, policy: JSON.stringify(policy), createdById: actor.id, createdByName: actor.name, createdAt: now }).run();
    const mode = policy.enabled ? (policy.acting ? "acting" : "dry-run") : "disabled";
    await recordAudit(
      tx,
      actor,
      {
        verb: "autoscale.edit",
        targetType: "queue",
        targetId: queueId,
        summary: `Autoscaling policy of ${queue.name} v${version} (${mode}, ${policy.minVms}-${policy.maxVms} VMs, ${policy.jobsPerVm} jobs/VM)`,
        before: before ? { version: currentVersion, policy: before } : undefined,
        after: { version, policy },
      },
      now,
    );
    return { version, created: true };
  });
}

async function selectNewest(tx: Tx, queueId: number) {
  return tx
    .select({ version: autoscalePolicyVersion.version, policy: autoscalePolicyVersion.policy, createdByName: autoscalePolicyVersion.createdByName })
    .from(autoscalePolicyVersion)
    .where(eq(autoscalePolicyVersion.queueId, queueId))
    .orderBy(desc(autoscalePolicyVersion.version))
    .limit(1)
    .get();
}
