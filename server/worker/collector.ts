import type { Db } from "@/db/client";
import { isLocalDatabaseError } from "@/db/errors";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import { CloudApiError, toCloudApiError } from "../clouds/errors";
import { computeNextPollDelayMs } from "../domain/backoff";
import { POLL_RESOURCES, type PollResource } from "../domain/vocabulary";
import { countPollFailures } from "../services/count-poll-failures";
import { listPollSchedule, type PollTarget } from "../services/list-poll-targets";
import { recordInventoryPoll, recordPollFailure, recordVmPoll } from "../services/record-poll";
import { LeaseLostError } from "../services/work-leases";
import { driverFor } from "./drivers";
import { reportToConsole, type ReportError } from "./guard";

export interface CollectorDeps {
  db: Db;
  now: () => Date;
  random: () => number;
  createDriver: (config: DriverConfig) => CloudDriver;
  /** Where a poll that broke (a database error, not a cloud's fault) is reported; the console by default. */
  report?: ReportError;
  /** This worker's id, when its polls are fenced by cloud leases (several workers); see work-leases. */
  owner?: string;
}

export interface PollOutcome {
  cloudId: number;
  resource: PollResource;
  latencyMs: number;
  dbMs: number;
  /** The cloud's error (recorded as its failure), or our own database's; null on success. */
  error: string | null;
  /**
   * Where the poll failed: "database" means our database could not record it, which is
   * logged and not held against the cloud; the poll stays due, so the next pass retries.
   * "lease": the cloud passed to another worker while this one polled it; nothing recorded.
   */
  failedAt: "cloud" | "database" | "lease" | null;
}

/** A whole poll (all pages) may take a few request timeouts before we give up on it. */
const POLL_DEADLINE_FACTOR = 3;

/**
 * Polls one resource of one cloud and records the outcome; never throws for a cloud's
 * fault, nor for a database error while recording (logged; see PollOutcome.failedAt).
 */
export async function pollCloudResource(deps: CollectorDeps, target: PollTarget, resource: PollResource): Promise<PollOutcome> {
  const driver = driverFor(deps, target);
  const started = performance.now();
  const signal = AbortSignal.timeout(target.driver.timeoutMs * POLL_DEADLINE_FACTOR);
  const intervalMs = target.intervalsSec[resource] * 1000;
  // Only what the driver throws is the cloud's fault; recording it below is ours.
  const fetched = await fetchResource(driver, resource, signal).catch((err: unknown) => toCloudApiError(err));
  const latencyMs = Math.round(performance.now() - started);
  const now = deps.now();
  const dbStarted = performance.now();
  const outcome = (error: string | null, failedAt: PollOutcome["failedAt"]): PollOutcome => ({
    cloudId: target.cloudId,
    resource,
    latencyMs,
    dbMs: performance.now() - dbStarted,
    error,
    failedAt,
  });
  try {
    if (fetched instanceof CloudApiError) {
      const failures = (await countPollFailures({ db: deps.db, input: { cloudId: target.cloudId, resource } })) + 1;
      const delay = fetched.retryAfterMs ?? computeNextPollDelayMs(intervalMs, failures, deps.random);
      await recordPollFailure({
        db: deps.db,
        input: { cloudId: target.cloudId, owner: deps.owner, now, latencyMs, nextDueAt: new Date(now.getTime() + delay), resource, error: fetched.message },
      });
      return outcome(fetched.message, "cloud");
    }
    const meta = { cloudId: target.cloudId, owner: deps.owner, now, latencyMs, nextDueAt: new Date(now.getTime() + computeNextPollDelayMs(intervalMs, 0, deps.random)) };
    if (fetched.resource === "vms") await recordVmPoll({ db: deps.db, input: { ...meta, vms: fetched.vms } });
    else await recordInventoryPoll({ db: deps.db, input: { ...meta, ...fetched } });
    return outcome(null, null);
  } catch (err) {
    if (err instanceof LeaseLostError) return outcome(err.message, "lease");
    if (!isLocalDatabaseError(err)) throw err;
    // Nothing was recorded against the cloud, so its poll is still due and the next pass retries.
    (deps.report ?? reportToConsole)(`recording the ${resource} poll of ${target.name} (a database error, not the cloud's)`, err);
    return outcome(`Database error while recording the poll: ${(err as Error).message}`, "database");
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

/**
 * Polls the given resources of every target once, at most `concurrency` at a time.
 * One cloud's failure is an entry in `errors`, never an exception; a poll that breaks
 * (a bug, not a cloud's or the database's failure) is thrown once every other poll is done.
 */
export async function runCollectorPass(
  deps: CollectorDeps,
  targets: readonly PollTarget[],
  options: { resources?: readonly PollResource[]; concurrency?: number } = {},
): Promise<{ results: PollOutcome[]; errors: PollOutcome[] }> {
  const jobs = targets.filter((t) => t.enabled).flatMap((t) => (options.resources ?? POLL_RESOURCES).map((r) => [t, r] as const));
  const outcomes: PollOutcome[] = [];
  const broken: unknown[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(options.concurrency ?? 8, jobs.length) }, async () => {
    while (next < jobs.length) {
      const [target, resource] = jobs[next++]!;
      try {
        outcomes.push(await pollCloudResource(deps, target, resource));
      } catch (err) {
        broken.push(err);
      }
    }
  });
  await Promise.all(lanes);
  if (broken.length > 0) throw broken[0];
  return { results: outcomes.filter((o) => o.error === null), errors: outcomes.filter((o) => o.error !== null) };
}

/**
 * Starts every poll that is due and not already running, each cloud on its own schedule,
 * with at most `concurrency` polls in flight: a hung cloud holds one slot, not the loop.
 */
export class PollScheduler {
  private readonly inFlight = new Set<string>();
  private reading = false;

  constructor(
    private readonly deps: CollectorDeps,
    private readonly concurrency: number,
  ) {}

  get busy(): number {
    return this.inFlight.size;
  }

  /**
   * Returns the polls it started, so tests can await them. A tick that finds the previous
   * one still reading the schedule (a slow database) starts nothing, so ticks never pile up.
   */
  async tick(targets: readonly PollTarget[]): Promise<Promise<PollOutcome>[]> {
    if (this.reading) return [];
    this.reading = true;
    let schedule: Map<string, Date>;
    try {
      schedule = await listPollSchedule({ db: this.deps.db });
    } finally {
      this.reading = false;
    }
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
