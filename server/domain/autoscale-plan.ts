import type { AutoscalePolicy } from "./autoscale-policy";
import type { VmState } from "./vocabulary";

/** Guard production tools learned the hard way: never more new VMs per cloud per tick. */
export const DEFAULT_MAX_LAUNCHES_PER_CLOUD_PER_TICK = 5;
/** PanDA counts older than this are missing data: the queue holds. */
export const DEFAULT_STALE_DEMAND_MS = 10 * 60_000;

const MINUTE = 60_000;
const LAST_BOOTS = 5;

export interface PlanQueue {
  id: number;
  name: string;
  policy: AutoscalePolicy | null;
  /** PanDA's counts as last read; `countedAt` null: never read. */
  demand: { activated: number; running: number; countedAt: number | null; error: string | null; activatedZeroSince: number | null };
}

export interface PlanCloud {
  id: number;
  name: string;
  /** Disabled, or paused by an operator, or down: no launches there. */
  unavailable: string | null;
  /** Instances the quota still allows; null: unlimited or unknown. */
  quotaFree: number | null;
}

export interface PlanVm {
  id: number;
  cloudId: number;
  queue: string | null;
  state: VmState;
  requestedAt: number | null;
  runningAt: number | null;
  /** When PanDA first saw a job from it: null none yet; undefined when we cannot tell (then the job-start timeout is not applied). */
  firstJobAt?: number | null;
}

export interface BootOutcome {
  cloudId: number;
  at: number;
  ok: boolean;
}

export interface PlanInput {
  now: number;
  /** Global pause: nothing is planned while set. */
  pause: { reason: string; by: string } | null;
  queues: readonly PlanQueue[];
  clouds: readonly PlanCloud[];
  vms: readonly PlanVm[];
  /** Boot outcomes per cloud, any order; the last five per cloud count. */
  boots: readonly BootOutcome[];
  maxLaunchesPerCloudPerTick?: number;
  staleDemandMs?: number;
}

export type PlanDecisionKind = "launch" | "drain" | "hold";

export interface PlanDecision {
  queueId: number;
  queue: string;
  cloudId: number | null;
  cloud: string | null;
  kind: PlanDecisionKind;
  count: number;
  /** The VMs a drain retires. */
  vmIds: number[];
  /** A sentence a shifter understands: "LxCloud: +12 VMs: …". */
  reason: string;
  /** A retirement for a boot or job-start timeout: recorded as a failed boot. */
  failedBoot?: boolean;
}

interface CloudGate {
  blocked: string | null;
}

/**
 * What the autoscaler would do now and why: per queue and cloud, launches and drains each
 * with its reason, and holds saying why nothing happens. Pure: the worker feeds it rows
 * and acts on its answer; the queue page shows the same answer as the plan view.
 */
export function planAutoscaling(input: PlanInput): PlanDecision[] {
  const { now } = input;
  const cap = input.maxLaunchesPerCloudPerTick ?? DEFAULT_MAX_LAUNCHES_PER_CLOUD_PER_TICK;
  const staleMs = input.staleDemandMs ?? DEFAULT_STALE_DEMAND_MS;
  const decisions: PlanDecision[] = [];
  const hold = (q: PlanQueue, reason: string, cloud: PlanCloud | null = null) =>
    decisions.push({ queueId: q.id, queue: q.name, cloudId: cloud?.id ?? null, cloud: cloud?.name ?? null, kind: "hold", count: 0, vmIds: [], reason });

  if (input.pause) {
    for (const q of input.queues) hold(q, `Autoscaling is paused by ${input.pause.by}: ${input.pause.reason}`);
    return decisions;
  }

  const cloudById = new Map(input.clouds.map((c) => [c.id, c]));
  const vmsByQueue = groupBy(input.vms, (v) => v.queue ?? "");
  const bootsByCloud = groupBy(input.boots, (b) => b.cloudId);
  const gateCache = new Map<string, CloudGate>();

  /** Launch wishes per queue, settled per cloud afterwards so competing queues share by weight. */
  const wishes: LaunchWish[] = [];

  for (const q of input.queues) {
    const policy = q.policy;
    if (!policy) {
      hold(q, "No autoscaling policy: nothing is planned");
      continue;
    }
    if (!policy.enabled) {
      hold(q, "Autoscaling is disabled in this queue's policy");
      continue;
    }
    const age = q.demand.countedAt === null ? null : now - q.demand.countedAt;
    if (q.demand.error !== null || age === null || age > staleMs) {
      const why = age === null ? "PanDA has not been read yet" : `PanDA's counts are ${Math.round(age / MINUTE)} min old`;
      hold(q, `Holding: ${why}${q.demand.error ? ` (${q.demand.error})` : ""}; no launch or drain without current data`);
      continue;
    }

    const policyClouds = new Set(policy.clouds.map((c) => c.cloudId));
    const vms = (vmsByQueue.get(q.name) ?? []).filter((v) => policyClouds.has(v.cloudId));
    const retired = new Set<number>();
    for (const v of vms) {
      const cloud = cloudById.get(v.cloudId);
      const retire = (reason: string, failedBoot: boolean) => {
        retired.add(v.id);
        decisions.push({ queueId: q.id, queue: q.name, cloudId: v.cloudId, cloud: cloud?.name ?? null, kind: "drain", count: 1, vmIds: [v.id], reason: `${cloud?.name ?? "?"}: drain VM ${v.id}: ${reason}`, failedBoot });
      };
      if ((v.state === "requested" || v.state === "booting") && v.requestedAt !== null && now - v.requestedAt > policy.bootTimeoutMinutes * MINUTE) {
        retire(`not running ${formatMinutes(now - v.requestedAt)} after it was requested (boot timeout ${formatMinutes(policy.bootTimeoutMinutes * MINUTE)}); counted as a failed boot`, true);
      } else if (v.state === "running" && v.runningAt !== null && v.firstJobAt === null && now - v.runningAt > policy.jobStartTimeoutMinutes * MINUTE) {
        retire(`no job ${formatMinutes(now - v.runningAt)} after it started running (job-start timeout ${formatMinutes(policy.jobStartTimeoutMinutes * MINUTE)}); counted as a failed boot`, true);
      } else if (v.state === "running" && v.runningAt !== null && now - v.runningAt > policy.maxLifetimeHours * 60 * MINUTE) {
        retire(`past its max lifetime of ${policy.maxLifetimeHours} h (running since ${formatClock(v.runningAt)}); it will be replaced`, false);
      }
    }
    const live = vms.filter((v) => !retired.has(v.id) && (v.state === "requested" || v.state === "booting" || v.state === "running"));

    const { activated, running } = q.demand;
    const wanted = Math.ceil((activated + running) / policy.jobsPerVm);
    const target = clamp(wanted, policy.minVms, policy.maxVms);
    const bound = target !== wanted ? ` (policy ${wanted < policy.minVms ? "minimum" : "maximum"} ${target})` : "";
    const demandText = `${activated} activated and ${running} running jobs at ${policy.jobsPerVm} jobs/VM need ${wanted}${bound}, ${live.length} live`;

    if (target > live.length) {
      const eligible: Array<{ cloud: PlanCloud; weight: number }> = [];
      for (const pc of policy.clouds) {
        const cloud = cloudById.get(pc.cloudId);
        if (!cloud || pc.weight <= 0) continue;
        const gate = gateFor(gateCache, cloud, policy, bootsByCloud.get(cloud.id) ?? [], now);
        if (gate.blocked) hold(q, `${cloud.name}: no launch: ${gate.blocked}`, cloud);
        else eligible.push({ cloud, weight: pc.weight });
      }
      if (eligible.length === 0) hold(q, `No launch: ${demandText}, but no cloud of the policy may launch now`);
      else wishes.push({ q, need: target - live.length, reasonBase: demandText, eligible });
    } else if (target < live.length) {
      if (activated > 0) {
        hold(q, `No change: ${demandText}; ${activated} jobs still wait, so nothing is drained`);
      } else if (q.demand.activatedZeroSince === null || now - q.demand.activatedZeroSince < policy.idleMinutes * MINUTE) {
        const since = q.demand.activatedZeroSince === null ? "just now" : `for ${formatMinutes(now - q.demand.activatedZeroSince)}`;
        hold(q, `No drain yet: no activated jobs ${since}; drains after ${formatMinutes(policy.idleMinutes * MINUTE)} idle`);
      } else {
        // Newest pilots are the likeliest idle: not-yet-running first, then the oldest running (closest to retirement).
        const order = [...live].sort((a, b) => drainRank(a) - drainRank(b) || (a.runningAt ?? a.requestedAt ?? 0) - (b.runningAt ?? b.requestedAt ?? 0));
        const chosen = order.slice(0, live.length - target);
        for (const [cloudId, group] of groupBy(chosen, (v) => v.cloudId)) {
          const cloud = cloudById.get(cloudId);
          decisions.push({
            queueId: q.id,
            queue: q.name,
            cloudId,
            cloud: cloud?.name ?? null,
            kind: "drain",
            count: group.length,
            vmIds: group.map((v) => v.id),
            reason: `${cloud?.name ?? "?"}: drain ${group.length} ${plural(group.length, "VM")}: no activated jobs for ${formatMinutes(now - q.demand.activatedZeroSince)}, ${running} running jobs need ${target} of ${live.length} live VMs`,
          });
        }
      }
    } else {
      hold(q, `No change: ${demandText}`);
    }
  }

  decisions.push(...settleLaunches(wishes, input.clouds, cap));
  return decisions;
}

interface LaunchWish {
  q: PlanQueue;
  need: number;
  reasonBase: string;
  eligible: Array<{ cloud: PlanCloud; weight: number }>;
}

/** Turns the queues' launch wishes into launches within each cloud's room this tick (the per-tick cap and its quota). */
function settleLaunches(wishes: readonly LaunchWish[], clouds: readonly PlanCloud[], cap: number): PlanDecision[] {
  const room = new Map(clouds.map((c) => [c.id, Math.max(0, Math.min(cap, c.quotaFree ?? Number.POSITIVE_INFINITY))]));
  const limitedBy = new Map(clouds.map((c) => [c.id, c.quotaFree !== null && c.quotaFree < cap ? `quota allows ${Math.max(0, c.quotaFree)}` : `at most ${cap} per cloud per tick`]));
  const granted = wishes.map(() => new Map<number, number>());
  const remaining = wishes.map((w) => w.need);

  // Rounds: each cloud's room is shared by the queues still wanting it, by their weights there;
  // what one queue cannot use goes to the others in the next round.
  for (let round = 0; round < 4; round++) {
    const asks = new Map<number, Array<{ i: number; weight: number }>>();
    wishes.forEach((w, i) => {
      if (remaining[i]! <= 0) return;
      for (const e of w.eligible) if ((room.get(e.cloud.id) ?? 0) > 0) asks.set(e.cloud.id, [...(asks.get(e.cloud.id) ?? []), { i, weight: e.weight }]);
    });
    if (asks.size === 0) break;
    // A queue spreads its need over its clouds by weight; each cloud then shares its room by weight.
    const want = new Map<string, number>();
    wishes.forEach((w, i) => {
      const open = w.eligible.filter((e) => (room.get(e.cloud.id) ?? 0) > 0);
      for (const [cloudId, n] of splitByWeight(remaining[i]!, open.map((e) => ({ key: e.cloud.id, weight: e.weight })))) want.set(`${i}:${cloudId}`, n);
    });
    let progressed = false;
    for (const [cloudId, askers] of asks) {
      const free = room.get(cloudId)!;
      const shares = splitByWeight(free, askers.map((a) => ({ key: a.i, weight: a.weight })));
      for (const a of askers) {
        const n = Math.min(want.get(`${a.i}:${cloudId}`) ?? 0, shares.get(a.i) ?? 0, remaining[a.i]!);
        if (n <= 0) continue;
        granted[a.i]!.set(cloudId, (granted[a.i]!.get(cloudId) ?? 0) + n);
        remaining[a.i]! -= n;
        room.set(cloudId, room.get(cloudId)! - n);
        progressed = true;
      }
    }
    if (!progressed) {
      // Weights rounded a small room to nothing for everyone: the heaviest asker takes one.
      for (const [cloudId, askers] of asks) {
        const top = [...askers].sort((a, b) => b.weight - a.weight)[0]!;
        if ((room.get(cloudId) ?? 0) > 0 && remaining[top.i]! > 0) {
          granted[top.i]!.set(cloudId, (granted[top.i]!.get(cloudId) ?? 0) + 1);
          remaining[top.i]! -= 1;
          room.set(cloudId, room.get(cloudId)! - 1);
        }
      }
    }
  }

  const decisions: PlanDecision[] = [];
  wishes.forEach((w, i) => {
    const shared = w.eligible.length > 0 && wishes.some((o, j) => j !== i && o.eligible.some((e) => w.eligible.some((m) => m.cloud.id === e.cloud.id)));
    for (const e of w.eligible) {
      const n = granted[i]!.get(e.cloud.id) ?? 0;
      if (n > 0) {
        const limit = n < w.need ? `; ${limitedBy.get(e.cloud.id)}${shared ? ", shared with other queues by weight" : ""}` : "";
        decisions.push({ queueId: w.q.id, queue: w.q.name, cloudId: e.cloud.id, cloud: e.cloud.name, kind: "launch", count: n, vmIds: [], reason: `${e.cloud.name}: +${n} ${plural(n, "VM")}: ${w.reasonBase}${limit}` });
      } else {
        const why = (e.cloud.quotaFree ?? 1) <= 0 ? "its quota is full" : shared ? "its room this tick went to other queues by weight" : `the other clouds take the ${w.need} needed`;
        decisions.push({ queueId: w.q.id, queue: w.q.name, cloudId: e.cloud.id, cloud: e.cloud.name, kind: "hold", count: 0, vmIds: [], reason: `${e.cloud.name}: no launch: ${why}` });
      }
    }
  });
  return decisions;
}

/** Why a cloud may not launch for this policy now: unavailable, frozen, or backing off after failed boots. */
function gateFor(cache: Map<string, CloudGate>, cloud: PlanCloud, policy: AutoscalePolicy, boots: readonly BootOutcome[], now: number): CloudGate {
  const key = `${cloud.id}:${policy.backoffFailures}:${policy.backoffMinutes}:${policy.freezeAfterFailures}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const gate = { blocked: cloud.unavailable ?? judgeBoots(policy, boots, now) };
  cache.set(key, gate);
  return gate;
}

function judgeBoots(policy: AutoscalePolicy, boots: readonly BootOutcome[], now: number): string | null {
  const recent = [...boots].sort((a, b) => b.at - a.at);
  let inARow = 0;
  while (inARow < recent.length && !recent[inARow]!.ok) inARow++;
  if (inARow >= policy.freezeAfterFailures) return `frozen after ${inARow} failed boots in a row; an operator must look at it before it is tried again`;
  const last = recent.slice(0, LAST_BOOTS);
  const failed = last.filter((b) => !b.ok).length;
  if (failed < policy.backoffFailures || inARow === 0) return null;
  // Each further failure in a row doubles the wait.
  const waitMs = policy.backoffMinutes * MINUTE * 2 ** Math.max(0, inARow - policy.backoffFailures);
  const until = recent[0]!.at + waitMs;
  return until > now ? `${failed} of the last ${last.length} boots failed, backing off until ${formatClock(until)}` : null;
}

function drainRank(v: PlanVm): number {
  return v.state === "running" ? 1 : 0;
}

/** Largest-remainder split of `total` by weight. */
function splitByWeight<K>(total: number, parts: ReadonlyArray<{ key: K; weight: number }>): Map<K, number> {
  const out = new Map<K, number>();
  const sum = parts.reduce((s, p) => s + p.weight, 0);
  if (sum <= 0 || total <= 0) return out;
  const exact = parts.map((p) => ({ key: p.key, x: (total * p.weight) / sum }));
  let left = total;
  for (const e of exact) {
    const n = Math.floor(e.x);
    out.set(e.key, n);
    left -= n;
  }
  for (const e of [...exact].sort((a, b) => (b.x % 1) - (a.x % 1))) {
    if (left <= 0) break;
    out.set(e.key, out.get(e.key)! + 1);
    left -= 1;
  }
  return out;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function formatMinutes(ms: number): string {
  const min = Math.round(ms / MINUTE);
  if (min >= 60 && min % 60 === 0) return `${min / 60} h`;
  return min >= 180 ? `${Math.round(min / 60)} h` : `${min} min`;
}

/** "14:20" UTC: times in the sentences are the console's (UTC). */
function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
