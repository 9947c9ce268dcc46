import type { Db } from "@/db/client";
import { and, eq } from "drizzle-orm";
import { POLL_RESOURCES, pollState, type PollResource } from "@/db/schema";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import { toCloudApiError } from "../clouds/errors";
import { computeNextPollDelayMs } from "../domain/backoff";
import { listPollSchedule, type PollTarget } from "../services/list-poll-targets";
import { recordInventoryPoll, recordPollFailure, recordVmPoll } from "../services/record-poll";
import { driverFor } from "./drivers";
import { reportToConsole, type ReportError } from "./guard";

export interface CollectorDeps {
  db: Db;
  now: () => Date;
  random: () => number;
  createDriver: (config: DriverConfig) => CloudDriver;
  /** Where a poll that broke (a database error, not a cloud's fault) is reported; the console by default. */
  report?: ReportError;
}

export interface PollOutcome {
  cloudId: number;
  resource: PollResource;
  latencyMs: number;
  dbMs: number;
  error: string | null;
}

/** A whole poll (all pages) may take a few request timeouts before we give up on it. */
const POLL_DEADLINE_FACTOR = 3;

/** Polls one resource of one cloud and records the outcome; never throws for a cloud's fault. */
export async function pollCloudResource(deps: CollectorDeps, target: PollTarget, resource: PollResource): Promise<PollOutcome> {
  const driver = driverFor(deps, target);
  const started = performance.now();
  const signal = AbortSignal.timeout(target.driver.timeoutMs * POLL_DEADLINE_FACTOR);
  const intervalMs = target.intervalsSec[resource] * 1000;
  try {
    const fetched = await fetchResource(driver, resource, signal);
    const latencyMs = Math.round(performance.now() - started);
    const now = deps.now();
    const meta = { cloudId: target.cloudId, now, latencyMs, nextDueAt: new Date(now.getTime() + computeNextPollDelayMs(intervalMs, 0, deps.random)) };
    const dbStarted = performance.now();
    if (fetched.resource === "vms") recordVmPoll({ db: deps.db, input: { ...meta, vms: fetched.vms } });
    else recordInventoryPoll({ db: deps.db, input: { ...meta, ...fetched } });
    return { cloudId: target.cloudId, resource, latencyMs, dbMs: performance.now() - dbStarted, error: null };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const failure = toCloudApiError(err);
    const now = deps.now();
    const failures = failuresSoFar(deps, target.cloudId, resource) + 1;
    const delay = failure.retryAfterMs ?? computeNextPollDelayMs(intervalMs, failures, deps.random);
    const dbStarted = performance.now();
    recordPollFailure({
      db: deps.db,
      input: { cloudId: target.cloudId, now, latencyMs, nextDueAt: new Date(now.getTime() + delay), resource, error: failure.message },
    });
    return { cloudId: target.cloudId, resource, latencyMs, dbMs: performance.now() - dbStarted, error: failure.message };
  }
}

type Fetched =
  | { resource: "vms"; vms: Awaited<ReturnType<CloudDriver["listVms"]>> }
  | { resource: "flavors"; flavors: Awaited<ReturnType<CloudDriver["listFlavors"]>> }
  | { resource: "images"; images: Awaited<ReturnType<CloudDriver["listImages"]>> }
  | { resource: "limits"; quota: Awaited<ReturnType<CloudDriver["getQuota"]>> };

async function fetchResource(driver: CloudDriver, resource: PollResource, signal: AbortSignal): Promise<Fetched> {
  switch (resource) {
    case "vms":
      return { resource, vms: await driver.listVms(signal) };
    case "flavors":
      return { resource, flavors: await driver.listFlavors(signal) };
    case "images":
      return { resource, images: await driver.listImages(signal) };
    case "limits":
      return { resource, quota: await driver.getQuota(signal) };
  }
}

function failuresSoFar(deps: CollectorDeps, cloudId: number, resource: PollResource): number {
  const row = deps.db
    .select({ n: pollState.consecutiveFailures })
    .from(pollState)
    .where(and(eq(pollState.cloudId, cloudId), eq(pollState.resource, resource)))
    .get();
  return row?.n ?? 0;
}

/**
 * Polls the given resources of every target once, at most `concurrency` at a time.
 * One cloud's failure is an entry in `errors`, never an exception.
 */
export async function runCollectorPass(
  deps: CollectorDeps,
  targets: readonly PollTarget[],
  options: { resources?: readonly PollResource[]; concurrency?: number } = {},
): Promise<{ results: PollOutcome[]; errors: PollOutcome[] }> {
  const jobs = targets.filter((t) => t.enabled).flatMap((t) => (options.resources ?? POLL_RESOURCES).map((r) => [t, r] as const));
  const outcomes: PollOutcome[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(options.concurrency ?? 8, jobs.length) }, async () => {
    while (next < jobs.length) {
      const [target, resource] = jobs[next++]!;
      outcomes.push(await pollCloudResource(deps, target, resource));
    }
  });
  await Promise.all(lanes);
  return { results: outcomes.filter((o) => o.error === null), errors: outcomes.filter((o) => o.error !== null) };
}

/**
 * Starts every poll that is due and not already running, each cloud on its own schedule,
 * with at most `concurrency` polls in flight: a hung cloud holds one slot, not the loop.
 */
export class PollScheduler {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly deps: CollectorDeps,
    private readonly concurrency: number,
  ) {}

  get busy(): number {
    return this.inFlight.size;
  }

  /** Returns the polls it started, so tests can await them. */
  tick(targets: readonly PollTarget[]): Promise<PollOutcome>[] {
    const schedule = listPollSchedule({ db: this.deps.db });
    const now = this.deps.now().getTime();
    const started: Promise<PollOutcome>[] = [];
    // Resource-major order: every cloud's VM list goes before any cloud's images.
    for (const resource of POLL_RESOURCES) {
      for (const target of targets) {
        if (!target.enabled) continue;
        if (this.inFlight.size >= this.concurrency) return started;
        const key = `${target.cloudId}:${resource}`;
        const due = schedule.get(key);
        if (this.inFlight.has(key) || (due && due.getTime() > now)) continue;
        this.inFlight.add(key);
        const poll = pollCloudResource(this.deps, target, resource).finally(() => this.inFlight.delete(key));
        // Nobody awaits these in the worker: a poll that breaks is logged here, not left to end the process.
        poll.catch((err: unknown) => (this.deps.report ?? reportToConsole)(`poll of ${resource} on ${target.name}`, err));
        started.push(poll);
      }
    }
    return started;
  }
}
