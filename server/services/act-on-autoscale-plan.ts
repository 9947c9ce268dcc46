import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import type { PlanDecision } from "@/server/domain/autoscale-plan";
import { listCurrentPolicies } from "./autoscale-policies";
import { drainVms } from "./drain-vms";
import { getAutoscalePlan } from "./get-autoscale-plan";
import { launchVms } from "./launch-vms";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";

/** Who the autoscaler's actions and audit entries name. */
export const AUTOSCALER_ACTOR = { id: "system:autoscaler", name: "autoscaler", role: "operator", ip: null } as const satisfies Actor;

export interface AutoscaleActOutcome {
  actionIds: number[];
  /** Decisions the services refused (a quota filled meanwhile): logged, tried again next tick. */
  refused: string[];
}

/**
 * One autoscaler tick: computes the plan and, for the queues whose policy acts, queues its
 * launches and drains through the durable action queue, each with the plan's sentence as its
 * reason. The idempotency key is derived from queue, cloud, kind and tick, so a worker killed
 * between plan and enqueue and restarted in the same tick finds its action instead of doubling it.
 */
export async function actOnAutoscalePlan({ db, now = new Date(), tickMs }: { db: Db; now?: Date; tickMs: number }): Promise<AutoscaleActOutcome> {
  const tick = Math.floor(now.getTime() / tickMs) * tickMs;
  const [decisions, policies] = await Promise.all([getAutoscalePlan({ db, now }), listCurrentPolicies({ db })]);
  const outcome: AutoscaleActOutcome = { actionIds: [], refused: [] };
  for (const d of decisions) {
    const policy = policies.get(d.queueId)?.policy;
    if (d.kind === "hold" || d.cloudId === null || !policy?.enabled || !policy.acting) continue;
    const idempotencyKey = deriveUuid(`autoscale:${d.queueId}:${d.cloudId}:${d.kind}:${tick}`);
    try {
      const result = d.kind === "launch" ? await launch(db, d, policy.clouds, idempotencyKey, now) : await drainVms({ db, actor: AUTOSCALER_ACTOR, input: { vmIds: d.vmIds, reason: d.reason, idempotencyKey }, now });
      if (result) outcome.actionIds.push(result.actionId);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      outcome.refused.push(`${d.reason}: ${err.message}`);
    }
  }
  return outcome;
}

async function launch(db: Db, d: PlanDecision, clouds: ReadonlyArray<{ cloudId: number; image: string; flavor: string }>, idempotencyKey: string, now: Date) {
  const target = clouds.find((c) => c.cloudId === d.cloudId);
  if (!target || d.cloudId === null) return null;
  return launchVms({ db, actor: AUTOSCALER_ACTOR, input: { cloudId: d.cloudId, imageId: target.image, flavorId: target.flavor, queue: d.queue, count: d.count, reason: d.reason, idempotencyKey }, now });
}

/** A name-based (version 5 style) UUID: the same text always gives the same key. */
function deriveUuid(text: string): string {
  const h = createHash("sha1").update(text).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
