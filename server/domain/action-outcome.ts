import type { ActionKind, ActionStatus, VmState } from "./vocabulary";
import type { CloudErrorKind } from "../clouds/errors";

/** How many times an item is tried against a transient failure before it fails for good. */
export const MAX_ITEM_ATTEMPTS = 5;
const BASE_RETRY_MS = 2_000;
const MAX_RETRY_MS = 5 * 60_000;
/** A VM still building refuses metadata; it is asked again this often until it runs or its deadline passes. */
const BUSY_VM_RETRY_MS = 15_000;

/** The launch token tagged on each VM at the provider: a resumed launch finds its VMs by it. */
export function launchTokenFor(actionId: number, seq: number): string {
  return `cs-${actionId}-${seq}`;
}

/** VM names readable at the provider: the queue, then the launch token (which names the action and the VM's place in it). */
export function launchVmNameFor(queue: string, token: string): string {
  const slug = queue.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "vm";
  return `${slug}-${token}`;
}

/** What went wrong in one provider call, as the decision needs it (a CloudApiError carries all of it). */
export interface ItemFailure {
  kind: CloudErrorKind;
  transient: boolean;
  /** HTTP status when the provider answered with one. */
  status: number | null;
  retryAfterMs: number | null;
  message: string;
}

export type ItemFailureDecision =
  | { outcome: "retry"; delayMs: number; note: string }
  | { outcome: "gone" }
  | { outcome: "fail"; error: string; stopAction: boolean };

const PERMANENT_REASONS: Partial<Record<CloudErrorKind, string>> = {
  quota: "over quota",
  not_found: "not found",
  auth: "the cloud refused our credentials",
  bad_request: "refused by the cloud",
  malformed_reply: "the cloud's reply broke its protocol",
};

/**
 * What to do after one failed provider call for one item. Transient failures are tried
 * again with exponential backoff, up to MAX_ITEM_ATTEMPTS; a VM that is still building
 * answers a drain with 409 and is asked again until its drain deadline. A permanent
 * failure fails the item with the provider's own words and, for a launch, stops the rest
 * (the next VM would meet the same quota, image or flavor).
 */
export function decideItemFailure(input: { kind: ActionKind; failure: ItemFailure; attempts: number; now: Date; drainDeadlineAt: Date | null }): ItemFailureDecision {
  const { kind, failure, attempts } = input;
  if (failure.kind === "not_found" && (kind === "drain" || kind === "destroy")) return { outcome: "gone" };
  if (kind === "drain" && failure.status === 409) {
    const deadline = input.drainDeadlineAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (input.now.getTime() < deadline) return { outcome: "retry", delayMs: BUSY_VM_RETRY_MS, note: `VM not ready for the drain flag yet: ${failure.message}` };
    return { outcome: "fail", error: `Drain deadline passed before the VM accepted the drain flag: ${failure.message}`, stopAction: false };
  }
  if (failure.transient) {
    if (attempts < MAX_ITEM_ATTEMPTS) {
      const backoff = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** Math.max(0, attempts - 1));
      return { outcome: "retry", delayMs: Math.max(backoff, failure.retryAfterMs ?? 0), note: failure.message };
    }
    return { outcome: "fail", error: `Gave up after ${attempts} attempts: ${failure.message}`, stopAction: kind === "launch" };
  }
  return { outcome: "fail", error: failure.message, stopAction: kind === "launch" };
}

/** The words put before a stopped launch's remaining items. */
export function describeStop(failure: Pick<ItemFailure, "kind">): string {
  return PERMANENT_REASONS[failure.kind] ?? "a permanent error";
}

export interface ItemTally {
  status: ActionStatus;
  error: string | null;
}

/**
 * An action's final status and the summary an operator reads, from its items. A launch's
 * item succeeds when its VM runs, so a launch with some VMs running and others failed is
 * partly failed ("2 of 5 running"); a drain or destroy with any failure is failed.
 */
export function summarizeAction(
  items: readonly ItemTally[],
  kind: ActionKind,
): { status: ActionStatus; succeeded: number; failed: number; cancelled: number; error: string | null } {
  const succeeded = items.filter((i) => i.status === "succeeded").length;
  const failedItems = items.filter((i) => i.status === "failed");
  const cancelled = items.filter((i) => i.status === "cancelled").length;
  const failed = failedItems.length;
  if (failed > 0) {
    const counts = new Map<string, number>();
    for (const item of failedItems) counts.set(item.error ?? "unknown error", (counts.get(item.error ?? "unknown error") ?? 0) + 1);
    const [first, ...others] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const detail = first ? `${first[0]}${first[1] > 1 ? ` (${first[1]} VMs)` : ""}` : "";
    const more = others.length > 0 ? `; and ${others.length} other error${others.length === 1 ? "" : "s"}` : "";
    if (kind !== "launch") return { status: "failed", succeeded, failed, cancelled, error: `${failed} of ${items.length} failed: ${detail}${more}` };
    const status = succeeded > 0 ? "partly_failed" : "failed";
    return { status, succeeded, failed, cancelled, error: `${succeeded} of ${items.length} running, ${failed} failed: ${detail}${more}` };
  }
  if (cancelled > 0) return { status: "cancelled", succeeded, failed, cancelled, error: null };
  return { status: "succeeded", succeeded, failed, cancelled, error: null };
}

/** How long a launched VM may take to run before its launch counts it as failed, unless configured otherwise. */
export const DEFAULT_BOOT_TIMEOUT_MS = 2 * 3_600_000;

/** A launched VM as its row shows it (the collector keeps the row up to date with the provider). */
export interface LaunchedVmState {
  state: VmState;
  rawState: string;
  /** The provider's reason for an error state, or why the VM was lost. */
  lastError: string | null;
  requestedAt: Date;
  runningAt: Date | null;
  /** The cloud could not be polled lately: the state is the last one known. */
  stale: boolean;
}

export type BootDecision = { outcome: "running" } | { outcome: "failed"; error: string } | { outcome: "waiting" };

/**
 * Whether a launched VM made it: running (it ran at least once), failed in the provider's
 * words (error, lost, ended before it ran, or still not running after the boot timeout),
 * or still waiting to boot.
 */
export function decideBoot(vm: LaunchedVmState, now: Date, bootTimeoutMs: number): BootDecision {
  if (vm.runningAt !== null || vm.state === "running" || vm.state === "draining") return { outcome: "running" };
  const words = vm.lastError ? `${vm.lastError} (${vm.rawState})` : `${vm.rawState} (the cloud gave no reason)`;
  if (vm.state === "lost") return { outcome: "failed", error: vm.lastError ?? "Vanished at the provider" };
  if (vm.state === "error") return { outcome: "failed", error: words };
  if (vm.state === "terminated") return { outcome: "failed", error: `Ended before it ran: ${words}` };
  if (now.getTime() - vm.requestedAt.getTime() < bootTimeoutMs) return { outcome: "waiting" };
  const last = vm.stale ? "last known state (the cloud cannot be polled)" : "still";
  return { outcome: "failed", error: `Not running ${formatHours(bootTimeoutMs)} after the launch; ${last} ${vm.rawState}` };
}

function formatHours(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
