import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { hostname } from "node:os";
import { Readable } from "node:stream";
import type { Db } from "@/db/client";
import { isLocalDatabaseError } from "@/db/errors";
import { isFinalVmState, type ActionKind, type ActionStatus } from "@/server/domain/vocabulary";
import type { CloudDriver, DriverConfig, ProviderVm } from "../clouds/driver";
import { CloudApiError, toCloudApiError } from "../clouds/errors";
import { specFor } from "../clouds/registry";
import { decideItemFailure, describeStop, launchVmNameFor } from "../domain/action-outcome";
import { parseStoredActionParams, type LaunchActionParams, type PublishActionParams, type StoredActionParams } from "../domain/action-params";
import { judgePublishedCopy } from "../domain/image-deployment";
import { ACTION_METADATA_KEY, DRAIN_METADATA_KEY, QUEUE_METADATA_KEY, TOKEN_METADATA_KEY } from "../domain/vm-metadata";
import { renderContext } from "../domain/contextualization";
import { chooseLaunchNetwork, type SiteParams } from "../domain/site-params";
import {
  claimNextAction,
  awaitLaunchBoots,
  finishAction,
  listPendingItems,
  readLaunchCloud,
  releaseActionForRetry,
  renewActionLease,
  type ClaimedAction,
  type WorkItem,
} from "../services/claim-action";
import { endFinishedDrains } from "../services/end-finished-drains";
import { countAwaitingBoot, settleLaunchBoots, type SettledLaunch } from "../services/settle-launch-boots";
import { getCurrentSiteParams } from "../services/get-site-params";
import { readPublicBaseUrl } from "../services/images/issue-image-lists";
import { readPublishSource, recordPublishedCopy, recordPublishFailure, type PublishSource } from "../services/images/record-deployment";
import { readPollTargets, type PollTarget } from "../services/list-poll-targets";
import { failQueuedItems, recordItemDeferred, recordItemDone, recordItemFailed, recordLaunchedVm, startActionItem } from "../services/record-action-item";
import { driverFor } from "./drivers";
import { guard, reportToConsole, type ReportError } from "./guard";
import { LanePool } from "./lane-pool";

export interface ExecutorDeps {
  db: Db;
  /** Opens the clouds' sealed credentials. */
  key: Buffer;
  now: () => Date;
  /** Names this process in action leases; unique per process so a restarted worker waits for the dead one's lease. */
  workerId: string;
  /** How long a claim holds without renewal: a worker killed mid-action is replaced after this. */
  leaseMs: number;
  createDriver: (config: DriverConfig) => CloudDriver;
  /** Provider calls in flight at once in this worker, across the actions it runs (its lanes). */
  concurrency: number;
  /** Of those, at most this many on one cloud, so a slow cloud leaves lanes to the others; all of them when unset. */
  cloudConcurrency?: number;
  log?: (line: string) => void;
  /** Where a failing lease renewal is reported; the console by default. */
  report?: ReportError;
  /** Where catalogue image files live; the configured directory by default. */
  imageDir?: string;
  /** The console's public address, under which clouds that fetch images themselves download them; from the environment by default. */
  publicBaseUrl?: string;
}

export type ActionRunOutcome =
  | { actionId: number; result: "finished"; status: ActionStatus }
  | { actionId: number; result: "deferred"; notBefore: Date }
  /** A launch's calls are made; its outcome waits for its VMs to boot (superviseBoots). */
  | { actionId: number; result: "booting"; waiting: number }
  | { actionId: number; result: "lease-lost" };

export function createWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * Claims the next due action (destroys and drains first) and works through its items;
 * null when nothing is due. Transient trouble hands the action back to the queue with a
 * backoff (notBefore); everything done so far is recorded item by item, so a crash loses
 * at most the calls in flight, and a resumed launch finds those VMs by their tokens.
 */
export async function executeNextAction(deps: ExecutorDeps): Promise<ActionRunOutcome | null> {
  const claimed = await claimNextAction({ db: deps.db, input: { workerId: deps.workerId, now: deps.now(), leaseMs: deps.leaseMs } });
  if (!claimed) return null;
  return runClaimedAction(deps, claimed, new LanePool(deps.concurrency, deps.cloudConcurrency));
}

/** Runs one claimed action under its lease, renewed until the run ends; `stopping` makes it hand the action back early. */
async function runClaimedAction(deps: ExecutorDeps, claimed: ClaimedAction, lanes: LanePool, stopping?: AbortSignal): Promise<ActionRunOutcome> {
  deps.log?.(`[executor] ${claimed.kind} #${claimed.id}: attempt ${claimed.attempts}`);
  const run = new ActionRun(deps, claimed, lanes, stopping);
  const renew = setInterval(
    guard(`lease renewal of #${claimed.id}`, () => run.renewLease(), deps.report),
    Math.max(50, Math.floor(deps.leaseMs / 3)),
  );
  renew.unref();
  try {
    return await run.execute();
  } finally {
    clearInterval(renew);
  }
}

/** Destroys and drains free capacity and stop work: they never wait behind launches or publishes. */
const isUrgent = (kind: ActionKind) => kind === "destroy" || kind === "drain";

/**
 * One worker's actions, run side by side over one pool of lanes (see LanePool), so a long
 * launch on a slow cloud does not hold up a destroy elsewhere. Launches and urgent actions
 * (destroy, drain) each take up to `concurrency` places, so launches never keep a destroy
 * from being claimed. The drain supervisor runs beside it (superviseDrains), turning ended
 * drains into destroy actions.
 */
export class ActionExecutor {
  private readonly lanes: LanePool;
  private readonly running = new Map<number, { urgent: boolean; done: Promise<void> }>();
  private readonly stopping = new AbortController();
  private claiming = false;

  constructor(private readonly deps: ExecutorDeps) {
    this.lanes = new LanePool(deps.concurrency, deps.cloudConcurrency);
  }

  /** Claims due actions while there is room and starts them; returns how many it started. A tick while claiming does nothing. */
  async tick(): Promise<number> {
    if (this.claiming || this.stopping.signal.aborted) return 0;
    this.claiming = true;
    try {
      let started = 0;
      for (;;) {
        const kinds = this.claimableKinds();
        if (kinds.length === 0) break;
        const claimed = await claimNextAction({ db: this.deps.db, input: { workerId: this.deps.workerId, now: this.deps.now(), leaseMs: this.deps.leaseMs, kinds } });
        if (!claimed) break;
        this.start(claimed);
        started += 1;
      }
      return started;
    } finally {
      this.claiming = false;
    }
  }

  /** Stops claiming; the running actions finish their calls in flight and go back to the queue. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private claimableKinds(): ActionKind[] {
    const urgent = [...this.running.values()].filter((r) => r.urgent).length;
    const launches = this.running.size - urgent;
    return [...(urgent < this.lanes.total ? (["destroy", "drain"] as const) : []), ...(launches < this.lanes.total ? (["launch", "publish"] as const) : [])];
  }

  private start(claimed: ClaimedAction): void {
    const report = this.deps.report ?? reportToConsole;
    const done = runClaimedAction(this.deps, claimed, this.lanes, this.stopping.signal)
      .then(
        () => undefined,
        (err: unknown) => report(`executor on #${claimed.id} (the action resumes when its lease expires)`, err),
      )
      .finally(() => this.running.delete(claimed.id));
    this.running.set(claimed.id, { urgent: isUrgent(claimed.kind), done });
  }
}

/** Queues the destroys of drained VMs that are done or past their deadline; the executor carries them out. */
export async function superviseDrains(deps: Pick<ExecutorDeps, "db" | "now" | "log">): Promise<number | null> {
  const ended = await endFinishedDrains({ db: deps.db, input: { now: deps.now() } });
  if (ended) deps.log?.(`[executor] drain ended for ${ended.vmIds.length} VM(s): destroy #${ended.actionId} queued`);
  return ended?.actionId ?? null;
}

/** Ends the launches whose VMs all ran, failed or outlasted the boot timeout (see settleLaunchBoots). */
export async function superviseBoots(deps: Pick<ExecutorDeps, "db" | "now" | "log"> & { bootTimeoutMs: number }): Promise<SettledLaunch[]> {
  const settled = await settleLaunchBoots({ db: deps.db, input: { now: deps.now(), bootTimeoutMs: deps.bootTimeoutMs } });
  for (const s of settled) deps.log?.(`[executor] launch #${s.actionId} ${s.status}${s.error ? `: ${s.error}` : ""}`);
  return settled;
}

interface LaunchContext {
  kind: "launch";
  params: LaunchActionParams;
  cloud: NonNullable<Awaited<ReturnType<typeof readLaunchCloud>>>;
  site: SiteParams;
}

interface PublishContext {
  kind: "publish";
  params: PublishActionParams;
  source: PublishSource;
}

/** One attempt at one action: the items left, each worked in a lane of the worker's pool. */
class ActionRun {
  private readonly targets = new Map<number, PollTarget>();
  /** Clouds whose credentials cannot be opened, and why: their items fail with that reason. */
  private readonly unreadable = new Map<number, string>();
  private readonly listings = new Map<number, Promise<ProviderVm[]>>();
  /** Clouds that failed transiently in this attempt: their remaining items wait for the next one. */
  private readonly deferredClouds = new Set<number>();
  private readonly delays: { delayMs: number; note: string }[] = [];
  private stopReason: string | null = null;
  private leaseLost = false;
  /** What stopped the lanes without being the cloud's doing (our database failed): thrown once they have all stopped. */
  private localFailure: { error: unknown } | null = null;
  private readonly params: StoredActionParams | { error: string };

  constructor(
    private readonly deps: ExecutorDeps,
    private readonly action: ClaimedAction,
    private readonly lanes: LanePool,
    private readonly stopping?: AbortSignal,
  ) {
    const stored = parseStoredActionParams(action.kind, action.params);
    this.params = stored.ok ? stored.value : { error: stored.error };
  }

  private async readTargets(): Promise<void> {
    const { targets, unreadable } = await readPollTargets({ db: this.deps.db, key: this.deps.key });
    for (const t of targets) this.targets.set(t.cloudId, t);
    for (const u of unreadable) this.unreadable.set(u.cloudId, u.reason);
  }

  async renewLease(): Promise<void> {
    if (this.leaseLost) return;
    const ok = await renewActionLease({ db: this.deps.db, input: { actionId: this.action.id, workerId: this.deps.workerId, now: this.deps.now(), leaseMs: this.deps.leaseMs } });
    if (!ok) {
      this.leaseLost = true;
      this.deps.log?.(`[executor] lost the lease on #${this.action.id}; stopping`);
    }
  }

  async execute(): Promise<ActionRunOutcome> {
    const { db } = this.deps;
    const actionId = this.action.id;
    await this.readTargets();
    const items = await listPendingItems({ db, input: { actionId } });
    const prepared = "error" in this.params ? { refusal: `Not run: ${this.params.error}` } : items.length > 0 ? await this.prepare(this.params) : null;
    if (prepared && "refusal" in prepared) {
      await failQueuedItems({ db, input: { actionId, error: prepared.refusal, now: this.deps.now(), includeRunning: true } });
    } else {
      const queue = [...items];
      const halted = () => this.stopReason !== null || this.leaseLost || this.localFailure !== null || this.stopping?.aborted === true;
      const lane = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const release = await this.lanes.acquire(item.cloudId, isUrgent(this.action.kind));
          try {
            if (halted()) return;
            if (this.deferredClouds.has(item.cloudId)) continue;
            await this.runItem(item, prepared);
          } catch (error) {
            // Only our own bookkeeping throws out of runItem; the other lanes stop taking items.
            this.localFailure ??= { error };
            return;
          } finally {
            release();
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.lanes.total, items.length)) }, lane));
    }
    if (this.localFailure) {
      const { error } = this.localFailure;
      const what = isLocalDatabaseError(error) ? "database error" : "internal error";
      this.deps.log?.(`[executor] #${actionId} stopped by a ${what} (not the cloud's); it resumes when its lease expires: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    if (this.leaseLost) return { actionId, result: "lease-lost" };
    if (this.stopReason !== null) await failQueuedItems({ db, input: { actionId, error: this.stopReason, now: this.deps.now() } });

    if ((await listPendingItems({ db, input: { actionId } })).length > 0) {
      const soonest = this.delays.reduce<{ delayMs: number; note: string } | null>((min, d) => (min === null || d.delayMs < min.delayMs ? d : min), null);
      const notBefore = new Date(this.deps.now().getTime() + (soonest?.delayMs ?? 0));
      const leftOver = this.stopping?.aborted ? "its worker stopped" : "items left over";
      await releaseActionForRetry({ db, input: { actionId, workerId: this.deps.workerId, notBefore, note: soonest?.note ?? leftOver } });
      this.deps.log?.(`[executor] #${actionId} waits until ${notBefore.toISOString()}: ${soonest?.note ?? ""}`);
      return { actionId, result: "deferred", notBefore };
    }
    const booting = this.action.kind === "launch" ? await countAwaitingBoot({ db, input: { actionId } }) : 0;
    if (booting > 0) {
      if (!(await awaitLaunchBoots({ db, input: { actionId, workerId: this.deps.workerId } }))) return { actionId, result: "lease-lost" };
      this.deps.log?.(`[executor] #${actionId} waits for ${booting} VM(s) to boot`);
      return { actionId, result: "booting", waiting: booting };
    }
    const summary = await finishAction({ db, input: { actionId, workerId: this.deps.workerId, now: this.deps.now() } });
    this.deps.log?.(`[executor] #${actionId} ${summary.status}${summary.error ? `: ${summary.error}` : ""}`);
    return { actionId, result: "finished", status: summary.status };
  }

  /** What a launch or publish needs before its items run; drains and destroys need nothing. */
  private prepare(stored: StoredActionParams): Promise<LaunchContext | PublishContext | { refusal: string } | null> {
    if (stored.kind === "launch") return this.prepareLaunch(stored.params);
    if (stored.kind === "publish") return this.preparePublish(stored.params);
    return Promise.resolve(null);
  }

  /** A publish needs the version's file on this host; without it every item fails saying so. */
  private async preparePublish(params: PublishActionParams): Promise<PublishContext | { refusal: string }> {
    const label = `${params.imageName} ${params.version}`;
    const source = await readPublishSource({ db: this.deps.db, input: { versionId: params.versionId }, dir: this.deps.imageDir });
    if (!source) return { refusal: `Not published: ${label} is no longer in the catalogue with a file` };
    try {
      await access(source.file);
    } catch {
      return { refusal: `Not published: the file of ${label} is missing from the image directory on ${hostname()}` };
    }
    return { kind: "publish", params, source };
  }

  /** A launch runs only on a cloud that is still open, with site parameters to render; otherwise every item fails saying why. */
  private async prepareLaunch(params: LaunchActionParams): Promise<LaunchContext | { refusal: string }> {
    const cloudId = this.action.cloudId ?? params.cloudId;
    const unreadable = this.unreadable.get(cloudId);
    if (unreadable) return { refusal: `Not launched: ${unreadable}` };
    const cloud = await readLaunchCloud({ db: this.deps.db, input: { cloudId } });
    if (!cloud) return { refusal: `Not launched: cloud ${cloudId} no longer exists` };
    const because = cloud.operatorReason ? ` (${cloud.operatorReason})` : "";
    if (!cloud.enabled) return { refusal: `Not launched: ${cloud.name} was disabled before the launch ran${because}` };
    if (cloud.paused) return { refusal: `Not launched: ${cloud.name} was paused before the launch ran${because}` };
    try {
      const site = await getCurrentSiteParams({ db: this.deps.db, input: { cloudId } });
      if (!site) return { refusal: `Not launched: ${cloud.name} has no site parameters to contextualize VMs with` };
      return { kind: "launch", params, cloud, site: site.params };
    } catch (err) {
      // Stored parameters that no longer validate refuse the launch; our database failing does not.
      if (isLocalDatabaseError(err)) throw err;
      return { refusal: `Not launched: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async runItem(item: WorkItem, prepared: LaunchContext | PublishContext | null): Promise<void> {
    const { db } = this.deps;
    const started = await startActionItem({ db, input: { itemId: item.id, now: this.deps.now() } });
    if (!started) return; // cancelled meanwhile
    const target = this.targets.get(item.cloudId);
    const unreadable = this.unreadable.get(item.cloudId);
    try {
      if (unreadable) throw new CloudApiError("auth", unreadable);
      if (!target) throw new CloudApiError("not_found", `Cloud ${item.cloudId} is no longer configured`);
      const driver = driverFor(this.deps, target);
      if (prepared?.kind === "launch") await this.launchItem(driver, item, prepared);
      else if (prepared?.kind === "publish") await this.publishItem(driver, item, prepared);
      else if (this.action.kind === "drain") await this.drainItem(driver, item);
      else if (this.action.kind === "destroy") await this.destroyItem(driver, item);
      else throw new CloudApiError("bad_request", `This ${this.action.kind} action has nothing to run`);
    } catch (err) {
      // Recording a call's outcome failed locally: not the provider's failure. The error
      // stops this attempt; the resumed attempt finds a launched VM by its token.
      if (isLocalDatabaseError(err)) throw err;
      await this.handleFailure(item, started.attempts, err);
    }
  }

  /** Whether a VM with this item's token may already exist: a previous attempt (or a retried action) ran it. */
  private mayExist(item: WorkItem): boolean {
    return this.action.attempts > 1 || item.attempts > 0 || ("params" in this.params && this.params.params.retryOf !== undefined);
  }

  private async launchItem(driver: CloudDriver, item: WorkItem, launch: LaunchContext): Promise<void> {
    const { params, cloud, site } = launch;
    const token = item.token;
    if (!token) throw new CloudApiError("bad_request", "This launch item has no token");
    const name = launchVmNameFor(params.queue, token);
    const record = (providerId: string) =>
      recordLaunchedVm({
        db: this.deps.db,
        input: { actionId: this.action.id, itemId: item.id, cloudId: item.cloudId, providerId, name, queue: params.queue, imageId: params.imageId, flavorId: params.flavorId, now: this.deps.now() },
      });
    if (this.mayExist(item)) {
      // A twin that already failed is what a retry replaces, not a VM to adopt.
      const twin = (await this.listVms(driver, item.cloudId)).find((v) => v.metadata[TOKEN_METADATA_KEY] === token && v.state !== "error" && !isFinalVmState(v.state));
      if (twin) {
        this.deps.log?.(`[executor] #${this.action.id}: adopted ${twin.providerId} for ${token} instead of launching a twin`);
        await record(twin.providerId);
        return;
      }
    }
    const context = renderContext(cloud.contextMethod, site, { vmName: name, queue: params.queue, actionId: this.action.id, token, cloudName: cloud.name });
    const network = chooseLaunchNetwork(specFor(cloud.kind).network, site.network);
    const { providerIds } = await driver.launch({
      name,
      imageId: params.imageId,
      flavorId: params.flavorId,
      userData: context.userData,
      metadata: { [QUEUE_METADATA_KEY]: params.queue, [TOKEN_METADATA_KEY]: token, [ACTION_METADATA_KEY]: String(this.action.id) },
      network,
      clientToken: token,
    });
    const providerId = providerIds[0];
    if (!providerId) throw new CloudApiError("malformed_reply", "The cloud accepted the launch but named no VM");
    await record(providerId);
  }

  /** Find-or-create at the provider (by the version's identifier), so a resumed publish leaves one image per cloud. */
  private async publishItem(driver: CloudDriver, item: WorkItem, publish: PublishContext): Promise<void> {
    const { source, params } = publish;
    if (!driver.publishImage) throw new CloudApiError("bad_request", `Publishing to ${driver.kind} clouds is not supported yet`);
    const copy = await driver.publishImage({
      name: `${source.name}-${source.version}`,
      identifier: source.identifier,
      versionLabel: `${source.name} ${source.version}`,
      diskFormat: source.diskFormat,
      sizeBytes: source.sizeBytes,
      sourceUrl: `${this.deps.publicBaseUrl ?? readPublicBaseUrl()}/api/image-files/${source.identifier}`,
      openBytes: () => Readable.toWeb(createReadStream(source.file)) as ReadableStream<Uint8Array>,
    });
    await recordPublishedCopy({
      db: this.deps.db,
      input: { actionId: this.action.id, itemId: item.id, versionId: params.versionId, cloudId: item.cloudId, providerImageId: copy.providerImageId, judgement: judgePublishedCopy(source.sha512, copy), now: this.deps.now() },
    });
  }

  private async drainItem(driver: CloudDriver, item: WorkItem): Promise<void> {
    const providerId = requireProviderId(item);
    const seen = (await this.listVms(driver, item.cloudId)).find((v) => v.providerId === providerId);
    const live = seen !== undefined && seen.state !== "terminated" && seen.state !== "lost";
    if (live) {
      // Some APIs (Nova) replace the whole metadata: send what is there plus the flag.
      await driver.setMetadata(providerId, { ...seen.metadata, [DRAIN_METADATA_KEY]: this.action.requestedAt.toISOString() });
    }
    // Gone or already stopped: nothing left to drain; the supervisor destroys what remains.
    await recordItemDone({ db: this.deps.db, input: { actionId: this.action.id, itemId: item.id, kind: "drain", vmId: item.vmId, now: this.deps.now(), vmGone: !live } });
  }

  private async destroyItem(driver: CloudDriver, item: WorkItem): Promise<void> {
    await driver.destroy(requireProviderId(item));
    await recordItemDone({ db: this.deps.db, input: { actionId: this.action.id, itemId: item.id, kind: "destroy", vmId: item.vmId, now: this.deps.now() } });
  }

  /** The cloud's VMs, listed once per attempt and shared by every item on that cloud. */
  private listVms(driver: CloudDriver, cloudId: number): Promise<ProviderVm[]> {
    let listing = this.listings.get(cloudId);
    if (!listing) {
      listing = driver.listVms();
      this.listings.set(cloudId, listing);
      // A failed listing is that item's failure; the next item asks again.
      listing.catch(() => this.listings.delete(cloudId));
    }
    return listing;
  }

  private async handleFailure(item: WorkItem, attempts: number, err: unknown): Promise<void> {
    const { db } = this.deps;
    const failure = toCloudApiError(err);
    const now = this.deps.now();
    const decision = decideItemFailure({
      kind: this.action.kind,
      failure: { kind: failure.kind, transient: failure.transient, status: failure.status, retryAfterMs: failure.retryAfterMs, message: failure.message },
      attempts,
      now,
      drainDeadlineAt: item.drainDeadlineAt,
    });
    if (decision.outcome === "gone") {
      await recordItemDone({ db, input: { actionId: this.action.id, itemId: item.id, kind: this.action.kind === "drain" ? "drain" : "destroy", vmId: item.vmId, now, vmGone: true } });
    } else if (decision.outcome === "retry") {
      await recordItemDeferred({ db, input: { itemId: item.id, note: decision.note, now } });
      this.delays.push({ delayMs: decision.delayMs, note: decision.note });
      if (failure.transient) this.deferredClouds.add(item.cloudId);
    } else if ("params" in this.params && this.params.kind === "publish") {
      const { versionId } = this.params.params;
      await recordPublishFailure({ db, input: { actionId: this.action.id, itemId: item.id, versionId, cloudId: item.cloudId, error: decision.error, now } });
    } else {
      await recordItemFailed({ db, input: { actionId: this.action.id, itemId: item.id, error: decision.error, now } });
      if (decision.stopAction && this.stopReason === null) this.stopReason = `Not launched: the launch stopped (${describeStop(failure)}): ${failure.message}`;
    }
  }
}

function requireProviderId(item: WorkItem): string {
  if (!item.providerId) throw new CloudApiError("not_found", "This VM has no provider id");
  return item.providerId;
}
