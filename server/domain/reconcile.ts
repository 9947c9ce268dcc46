import { QUEUE_METADATA_KEY } from "./vm-metadata";
import type { ProviderVm } from "../clouds/driver";
import { isFinalVmState, type VmState } from "./vocabulary";

/** What the database knows about one VM of a cloud, as far as reconciling needs. */
export interface KnownVm {
  id: number;
  providerId: string;
  name: string;
  state: VmState;
  rawState: string;
  queue: string | null;
  imageRef: string | null;
  flavorRef: string | null;
  ip: string | null;
  requestedAt: Date | null;
  createdAt: Date | null;
  runningAt: Date | null;
  drainRequestedAt: Date | null;
  destroyRequestedAt: Date | null;
  terminatedAt: Date | null;
  lastError: string | null;
}

export interface VmInsert {
  providerId: string;
  name: string;
  state: VmState;
  rawState: string;
  queue: string | null;
  imageRef: string | null;
  flavorRef: string | null;
  ip: string | null;
  createdAt: Date | null;
  runningAt: Date | null;
  terminatedAt: Date | null;
  lastError: string | null;
}

export interface VmPatch {
  id: number;
  state: VmState;
  rawState: string;
  name: string;
  queue: string | null;
  imageRef: string | null;
  flavorRef: string | null;
  ip: string | null;
  createdAt: Date | null;
  runningAt: Date | null;
  terminatedAt: Date | null;
  lastError: string | null;
  /** The transition to record, when the normalized state changed. */
  transition: { from: VmState; to: VmState } | null;
}

export interface ReconcilePlan {
  inserts: VmInsert[];
  patches: VmPatch[];
}

/** A VM we asked for may take this long to appear in the provider's listing. */
export const LAUNCH_GRACE_MS = 5 * 60_000;

/** Where VMs not launched by us (CloudScheduler, hand-made) may keep their queue; drivers hand keys over lower-cased. */
const QUEUE_METADATA_KEYS = [QUEUE_METADATA_KEY, "queue"];

/**
 * Decides how one successful poll changes our VM rows: new VMs, changed ones, and
 * VMs that vanished (terminated if we asked for it or already saw it end; lost otherwise).
 * Rows that did not change produce nothing, so a quiet poll writes nothing.
 *
 * `known` must hold every row of the cloud in a live state and every final row the
 * provider still lists; other final rows change nothing, so callers may leave them out.
 */
export function planReconcile(known: readonly KnownVm[], seen: readonly ProviderVm[], now: Date): ReconcilePlan {
  const byProviderId = new Map(known.map((k) => [k.providerId, k]));
  const seenIds = new Set<string>();
  const inserts: VmInsert[] = [];
  const patches: VmPatch[] = [];

  for (const p of seen) {
    seenIds.add(p.providerId);
    const k = byProviderId.get(p.providerId);
    if (!k) {
      inserts.push({
        providerId: p.providerId,
        name: p.name,
        state: p.state,
        rawState: p.rawState,
        queue: queueOf(p),
        imageRef: p.imageId,
        flavorRef: p.flavorId,
        ip: p.ip,
        createdAt: p.createdAt,
        runningAt: p.state === "running" ? now : null,
        terminatedAt: p.state === "terminated" ? now : null,
        lastError: p.state === "error" ? p.fault : null,
      });
      continue;
    }
    const patch = patchFor(k, p, now);
    if (patch) patches.push(patch);
  }

  for (const k of known) {
    if (seenIds.has(k.providerId) || isFinalVmState(k.state)) continue;
    if (k.state === "requested" && k.requestedAt && now.getTime() - k.requestedAt.getTime() < LAUNCH_GRACE_MS) continue;
    const expected = k.destroyRequestedAt !== null || k.drainRequestedAt !== null || k.state === "error";
    const to: VmState = expected ? "terminated" : "lost";
    patches.push({
      ...carry(k),
      state: to,
      rawState: "(gone)",
      terminatedAt: now,
      lastError: expected ? k.lastError : "Vanished at the provider without a request from cloudscope",
      transition: { from: k.state, to },
    });
  }
  return { inserts, patches };
}

function patchFor(k: KnownVm, seen: ProviderVm, now: Date): VmPatch | null {
  // A VM we destroyed does not come back to life: the provider may list it for a while
  // (Nova keeps ACTIVE during deletion), or a listing taken before the destroy may be
  // written after it. Only the provider's words are taken.
  const p = k.destroyRequestedAt !== null && isFinalVmState(k.state) && !isFinalVmState(seen.state) ? { ...seen, state: k.state } : seen;
  const queue = queueOf(p) ?? k.queue;
  const changed =
    k.state !== p.state ||
    k.rawState !== p.rawState ||
    k.name !== p.name ||
    k.ip !== p.ip ||
    k.queue !== queue ||
    k.imageRef !== p.imageId ||
    k.flavorRef !== p.flavorId ||
    // A VM we launched has its row before the provider lists it: the provider's creation time fills it in.
    (k.createdAt === null && p.createdAt !== null);
  if (!changed) return null;
  const transition = k.state !== p.state ? { from: k.state, to: p.state } : null;
  return {
    id: k.id,
    state: p.state,
    rawState: p.rawState,
    name: p.name,
    queue,
    imageRef: p.imageId,
    flavorRef: p.flavorId,
    ip: p.ip,
    createdAt: k.createdAt ?? p.createdAt,
    runningAt: k.runningAt ?? (p.state === "running" ? now : null),
    terminatedAt: p.state === "terminated" ? (k.terminatedAt ?? now) : null,
    // The last error stays until the provider reports a new fault; "vanished" ends when a lost VM is listed again.
    lastError: p.state === "error" && p.fault ? p.fault : k.state === "lost" ? null : k.lastError,
    transition,
  };
}

function carry(k: KnownVm): Omit<VmPatch, "state" | "rawState" | "terminatedAt" | "lastError" | "transition"> {
  return { id: k.id, name: k.name, queue: k.queue, imageRef: k.imageRef, flavorRef: k.flavorRef, ip: k.ip, createdAt: k.createdAt, runningAt: k.runningAt };
}

function queueOf(p: ProviderVm): string | null {
  for (const key of QUEUE_METADATA_KEYS) {
    const value = p.metadata[key];
    if (value) return value;
  }
  return null;
}
