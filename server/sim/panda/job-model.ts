import type { Clock } from "../core/clock";
import { createRandom } from "../core/random";

/** The job states the v1 statistics API reports, in PanDA's own words (written from the protocol, not shared with the driver). */
export const PANDA_SIM_STATES = ["assigned", "activated", "sent", "starting", "running", "holding", "transferring", "finished", "failed", "closed", "cancelled"] as const;
export type PandaSimState = (typeof PANDA_SIM_STATES)[number];

/** Job slots a queue has right now: `accepting` may take new jobs, `total` also counts draining VMs still finishing theirs. */
export interface QueueCapacity {
  accepting: number;
  total: number;
}

export interface PandaSimQueueSpec {
  name: string;
  /** Mean new jobs per minute by day; nights are quieter. */
  meanArrivalsPerMin: number;
  /** On average one task of `burstJobs` is submitted every `burstEveryMin` minutes. */
  burstEveryMin: number;
  burstJobs: readonly [number, number];
  /** Mean payload wall time. */
  jobMinutes: number;
  /** Share of payloads that fail (a bad image on the queue's VMs raises it). */
  failureRate: number;
  /** Slots when no fleet VM serves the queue: a site outside the demo fleet. */
  modelledSlots: number;
}

interface QueueJobs {
  spec: PandaSimQueueSpec;
  assigned: number;
  activated: number;
  starting: number;
  running: number;
  holding: number;
  /** Jobs that reached a final state, per minute (epoch ms of the minute). */
  ended: Map<number, { finished: number; failed: number; cancelled: number }>;
}

const MINUTE = 60_000;
/** Final states are kept a week: the API's longest time window. */
const KEEP_ENDED_MS = 7 * 24 * 60 * MINUTE;
/** A sim asleep longer than this catches up only the last day (the demo restarted after a night). */
const MAX_CATCH_UP_MIN = 24 * 60;

/**
 * PanDA's job counts per queue, minute by minute: tasks arrive in bursts on top of a
 * daily rhythm, pilots on the queue's VMs take activated jobs into free slots, payloads run
 * and finish or fail. Seeded and clocked from outside, so a test gets the same counts each run.
 */
export class PandaJobModel {
  private readonly queues = new Map<string, QueueJobs>();
  private readonly random: () => number;
  private lastMinute: number;

  constructor(
    private readonly options: {
      clock: Clock;
      seed: number;
      queues: readonly PandaSimQueueSpec[];
      /** Slots the fleet's VMs offer the queue; null: the queue's modelled slots. */
      capacity?: (queue: string) => QueueCapacity | null;
    },
  ) {
    this.random = createRandom(options.seed);
    this.lastMinute = Math.floor(options.clock.now() / MINUTE);
    for (const spec of options.queues) this.queues.set(spec.name, { spec, assigned: 0, activated: 0, starting: 0, running: 0, holding: 0, ended: new Map() });
  }

  get queueNames(): string[] {
    return [...this.queues.keys()];
  }

  /** Submits a task: `jobs` more activated jobs at once (the "one task floods one queue" case). */
  submitTask(queue: string, jobs: number): void {
    const q = this.queues.get(queue);
    if (q) q.activated += jobs;
  }

  setFailureRate(queue: string, rate: number): void {
    const q = this.queues.get(queue);
    if (q) q.spec = { ...q.spec, failureRate: rate };
  }

  /** Brings every queue up to the clock, one simulated minute at a time. */
  advance(): void {
    const minute = Math.floor(this.options.clock.now() / MINUTE);
    const from = Math.max(this.lastMinute + 1, minute - MAX_CATCH_UP_MIN + 1);
    for (let m = from; m <= minute; m++) for (const q of this.queues.values()) this.stepMinute(q, m * MINUTE);
    this.lastMinute = Math.max(this.lastMinute, minute);
  }

  /** Counts by state per queue; final states over the last `windowMin` minutes. */
  countJobs(windowMin: number): Map<string, Record<PandaSimState, number>> {
    this.advance();
    const since = this.options.clock.now() - windowMin * MINUTE;
    const out = new Map<string, Record<PandaSimState, number>>();
    for (const [name, q] of this.queues) {
      let finished = 0;
      let failed = 0;
      let cancelled = 0;
      for (const [at, e] of q.ended) {
        if (at < since) continue;
        finished += e.finished;
        failed += e.failed;
        cancelled += e.cancelled;
      }
      // Half the post-payload jobs are still in holding, half transferring outputs.
      const transferring = Math.floor(q.holding / 2);
      out.set(name, {
        assigned: q.assigned,
        activated: q.activated,
        sent: 0,
        starting: q.starting,
        running: q.running,
        holding: q.holding - transferring,
        transferring,
        finished,
        failed,
        closed: 0,
        cancelled,
      });
    }
    return out;
  }

  private stepMinute(q: QueueJobs, at: number): void {
    const { spec } = q;
    const capacity = this.options.capacity?.(spec.name) ?? { accepting: spec.modelledSlots, total: spec.modelledSlots };
    const ended = { finished: 0, failed: 0, cancelled: 0 };

    // Payloads done last minute stage out, then end.
    const failedNow = this.roundRandomly(q.holding * spec.failureRate);
    ended.failed += failedNow;
    ended.finished += q.holding - failedNow;
    q.holding = 0;

    // Jobs on VMs that vanished lose their pilot and fail; draining VMs keep theirs.
    const lost = Math.max(0, q.running + q.starting - capacity.total);
    const lostRunning = Math.min(lost, q.running);
    q.running -= lostRunning;
    q.starting -= lost - lostRunning;
    ended.failed += lost;

    const done = Math.min(q.running, this.roundRandomly(q.running / spec.jobMinutes));
    q.running += q.starting - done;
    q.holding = done;
    q.starting = 0;

    const free = Math.max(0, capacity.accepting - q.running);
    const dispatched = Math.min(q.activated, free);
    q.activated -= dispatched;
    q.starting = dispatched;

    // Inputs staged last minute become activated; a few stale jobs are cancelled by hand.
    q.activated += q.assigned;
    q.assigned = this.arrivals(spec, at);
    const cancelled = this.roundRandomly(q.activated * 0.001);
    q.activated -= cancelled;
    ended.cancelled += cancelled;

    q.ended.set(at, ended);
    for (const key of q.ended.keys()) {
      if (key >= at - KEEP_ENDED_MS) break;
      q.ended.delete(key);
    }
  }

  private arrivals(spec: PandaSimQueueSpec, at: number): number {
    const hour = new Date(at).getUTCHours() + new Date(at).getUTCMinutes() / 60;
    const daylight = 0.6 + 0.4 * Math.sin((2 * Math.PI * (hour - 8)) / 24);
    let jobs = this.roundRandomly(spec.meanArrivalsPerMin * daylight * (0.5 + this.random()));
    if (this.random() < 1 / spec.burstEveryMin) {
      const [min, max] = spec.burstJobs;
      jobs += Math.round(min + this.random() * (max - min));
    }
    return jobs;
  }

  /** 2.4 becomes 2 or 3 (3 four times in ten): small queues still move. */
  private roundRandomly(x: number): number {
    const floor = Math.floor(x);
    return floor + (this.random() < x - floor ? 1 : 0);
  }
}
