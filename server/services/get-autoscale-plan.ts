import { and, eq, gt, inArray, isNotNull, isNull, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { action, actionItem, cloud, pandaQueue, queueSampleMinute, quota, vm } from "@/db/schema";
import { planAutoscaling, type BootOutcome, type PlanCloud, type PlanDecision, type PlanQueue, type PlanVm } from "@/server/domain/autoscale-plan";
import { LIVE_VM_STATES } from "@/server/domain/vocabulary";
import { listCurrentPolicies } from "./autoscale-policies";
import { getAutoscalePause } from "./autoscale-pause";

/** Boots older than this no longer judge a cloud. */
const BOOT_HISTORY_MS = 24 * 3_600_000;
const MINUTE = 60_000;

/**
 * The autoscaler's plan for every queue now, from the rows the worker keeps: PanDA's counts,
 * the policies in force, the clouds' availability and quotas, the live VMs and recent boots.
 * Computed for all queues at once, since queues compete for clouds.
 */
export async function getAutoscalePlan({ db, now = new Date() }: { db: Db; now?: Date }): Promise<PlanDecision[]> {
  const t = now.getTime();
  const [pause, queues, policies, clouds, quotas, liveVms, launched, lastBusy, pending] = await Promise.all([
    getAutoscalePause({ db }),
    db.select().from(pandaQueue).all(),
    listCurrentPolicies({ db }),
    db.select({ id: cloud.id, name: cloud.name, enabled: cloud.enabled, paused: cloud.paused, status: cloud.status, statusReason: cloud.statusReason }).from(cloud).all(),
    db.select().from(quota).where(eq(quota.resource, "instances")).all(),
    db.select({ id: vm.id, cloudId: vm.cloudId, queue: vm.queue, state: vm.state, requestedAt: vm.requestedAt, runningAt: vm.runningAt }).from(vm).where(inArray(vm.state, LIVE_VM_STATES)).all(),
    db
      .select({ cloudId: vm.cloudId, state: vm.state, requestedAt: vm.requestedAt, runningAt: vm.runningAt })
      .from(vm)
      .where(and(isNotNull(vm.launchActionId), gt(vm.requestedAt, new Date(t - BOOT_HISTORY_MS))))
      .all(),
    db.select({ queueId: queueSampleMinute.queueId, ts: max(queueSampleMinute.ts) }).from(queueSampleMinute).where(gt(queueSampleMinute.activated, 0)).groupBy(queueSampleMinute.queueId).all(),
    // Launches queued but without their VM yet: counted as requested VMs, so the next tick does not ask again.
    db
      .select({ itemId: actionItem.id, cloudId: actionItem.cloudId, params: action.params })
      .from(actionItem)
      .innerJoin(action, eq(action.id, actionItem.actionId))
      .where(and(eq(action.kind, "launch"), inArray(actionItem.status, ["queued", "running"]), isNull(actionItem.vmId)))
      .all(),
  ]);
  const busySince = new Map(lastBusy.map((r) => [r.queueId, r.ts === null ? null : Number(r.ts)]));

  const planQueues: PlanQueue[] = queues.map((q) => ({
    id: q.id,
    name: q.name,
    policy: policies.get(q.id)?.policy ?? null,
    demand: {
      activated: q.activated,
      running: q.running,
      countedAt: q.countedAt?.getTime() ?? null,
      error: q.consecutiveFailures > 0 ? q.lastError : null,
      // Activated has been zero since the minute after the last sample that had some (or since samples began).
      activatedZeroSince: q.activated > 0 ? null : (() => {
        const last = busySince.get(q.id);
        return last === undefined || last === null ? q.createdAt.getTime() : last + MINUTE;
      })(),
    },
  }));
  const quotaFree = new Map(quotas.map((r) => [r.cloudId, r.limit === null ? null : r.limit - r.used]));
  const planClouds: PlanCloud[] = clouds.map((c) => ({
    id: c.id,
    name: c.name,
    unavailable: !c.enabled ? "the cloud is disabled" : c.paused ? "an operator paused launches on it" : c.status === "down" ? `it is down${c.statusReason ? ` (${c.statusReason})` : ""}` : null,
    quotaFree: quotaFree.get(c.id) ?? null,
  }));
  const boots: BootOutcome[] = [];
  for (const v of launched) {
    if (v.runningAt) boots.push({ cloudId: v.cloudId, at: v.runningAt.getTime(), ok: true });
    else if ((v.state === "error" || v.state === "lost" || v.state === "terminated") && v.requestedAt) boots.push({ cloudId: v.cloudId, at: v.requestedAt.getTime(), ok: false });
  }
  return planAutoscaling({
    now: t,
    pause: pause.paused ? { reason: pause.reason ?? "no reason given", by: pause.byName ?? "someone" } : null,
    queues: planQueues,
    clouds: planClouds,
    vms: [...liveVms.map((v) => ({ ...v, requestedAt: v.requestedAt?.getTime() ?? null, runningAt: v.runningAt?.getTime() ?? null })), ...pending.map(toPendingVm)],
    boots,
  });
}

/** A launch item still waiting for its VM; no request time, so no boot timeout retires what does not exist yet. */
function toPendingVm(item: { itemId: number; cloudId: number; params: string }): PlanVm {
  const queue = (JSON.parse(item.params) as { queue?: unknown }).queue;
  return { id: -item.itemId, cloudId: item.cloudId, queue: typeof queue === "string" ? queue : null, state: "requested", requestedAt: null, runningAt: null };
}
