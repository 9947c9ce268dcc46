import { autoscalePolicy } from "@/server/domain/autoscale-policy";
import { planAutoscaling, type BootOutcome, type PlanCloud, type PlanInput, type PlanQueue, type PlanVm } from "@/server/domain/autoscale-plan";
import { createRandom } from "@/server/sim/core/random";
import { timeRuns, type Percentiles } from "./stats";

export const PLAN_QUEUES = 200;
export const PLAN_CLOUDS = 50;
export const PLAN_VMS = 20_000;
const CLOUDS_PER_QUEUE = 5;
const MINUTE = 60_000;

/**
 * The autoscaler's plan over 200 queues × 50 clouds × 20,000 VMs (each queue served by five
 * clouds, queues competing for them; demand spikes, idle queues, failing clouds, old VMs),
 * beside a bare pass that only groups the same VMs by queue.
 */
export async function measureAutoscalePlan(): Promise<{ plan: Percentiles; baseline: Percentiles; decisions: number }> {
  const input = buildPlanInput(Date.UTC(2026, 11, 3, 14, 0));
  const plan = await timeRuns(() => planAutoscaling(input), { iterations: 100 });
  const baseline = await timeRuns(
    () => {
      const byQueue = new Map<string | null, PlanVm[]>();
      for (const v of input.vms) {
        const list = byQueue.get(v.queue);
        if (list) list.push(v);
        else byQueue.set(v.queue, [v]);
      }
      return byQueue;
    },
    { iterations: 100 },
  );
  return { plan, baseline, decisions: planAutoscaling(input).length };
}

export function buildPlanInput(now: number): PlanInput {
  const random = createRandom(11);
  const clouds: PlanCloud[] = Array.from({ length: PLAN_CLOUDS }, (_, i) => ({ id: i + 1, name: `cloud-${i + 1}`, unavailable: i % 17 === 0 ? "an operator paused launches on it" : null, quotaFree: i % 5 === 0 ? 2 : 200 }));
  const queues: PlanQueue[] = Array.from({ length: PLAN_QUEUES }, (_, i) => {
    const first = (i * 3) % PLAN_CLOUDS;
    const policyClouds = Array.from({ length: CLOUDS_PER_QUEUE }, (_, k) => ({ cloudId: ((first + k * 7) % PLAN_CLOUDS) + 1, weight: 1 + ((i + k) % 3), image: "img", flavor: "m1.large" }));
    const idle = i % 4 === 0;
    return {
      id: i + 1,
      name: `QUEUE_${i + 1}`,
      policy: autoscalePolicy.parse({ clouds: policyClouds, maxVms: 400, minVms: 10 }),
      demand: { activated: idle ? 0 : Math.floor(random() * 2_000), running: Math.floor(random() * 800), countedAt: now - MINUTE, error: i % 50 === 0 ? "PanDA answered HTTP 503" : null, activatedZeroSince: idle ? now - 60 * MINUTE : null },
    };
  });
  const vms: PlanVm[] = Array.from({ length: PLAN_VMS }, (_, i) => {
    const queue = queues[i % PLAN_QUEUES]!;
    const cloudId = queue.policy!.clouds[i % CLOUDS_PER_QUEUE]!.cloudId;
    // Mostly younger than the 48 h lifetime; one booting VM in twenty, a few of them stuck past the boot timeout.
    const booting = i % 20 === 0;
    const ageMin = booting ? Math.floor(random() * 150) : 10 + Math.floor(random() * 50 * 60);
    return { id: i + 1, cloudId, queue: queue.name, state: booting ? "booting" : "running", requestedAt: now - ageMin * MINUTE, runningAt: booting ? null : now - (ageMin - 5) * MINUTE, firstJobAt: undefined };
  });
  const boots: BootOutcome[] = Array.from({ length: PLAN_CLOUDS * 10 }, (_, i) => ({ cloudId: (i % PLAN_CLOUDS) + 1, at: now - Math.floor(i / PLAN_CLOUDS) * MINUTE, ok: (i % PLAN_CLOUDS) % 9 !== 0 }));
  return { now, pause: null, queues, clouds, vms, boots };
}
