import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, cloudImage, flavor, pollLog, pollState, quota, vm, vmEvent, type PollResource } from "@/db/schema";
import type { ProviderFlavor, ProviderImage, ProviderQuota, ProviderVm } from "../clouds/driver";
import { planReconcile, type KnownVm } from "../domain/reconcile";
import { scoreCloudHealth } from "../domain/health";
import { recordPollSample } from "./record-samples";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

interface PollMeta {
  cloudId: number;
  now: Date;
  latencyMs: number;
  nextDueAt: Date;
}

/**
 * Writes one successful VM poll: reconciles rows and transitions, clears staleness,
 * records the poll, the minute sample and the cloud's health, all in one transaction.
 */
export function recordVmPoll({ db, input }: { db: Db; input: PollMeta & { vms: ProviderVm[] } }): { inserted: number; changed: number } {
  return db.transaction((tx) => {
    const known: KnownVm[] = tx
      .select({
        id: vm.id,
        providerId: vm.providerId,
        name: vm.name,
        state: vm.state,
        rawState: vm.rawState,
        queue: vm.queue,
        imageRef: vm.imageRef,
        flavorRef: vm.flavorRef,
        ip: vm.ip,
        requestedAt: vm.requestedAt,
        runningAt: vm.runningAt,
        drainRequestedAt: vm.drainRequestedAt,
        destroyRequestedAt: vm.destroyRequestedAt,
        terminatedAt: vm.terminatedAt,
      })
      .from(vm)
      .where(eq(vm.cloudId, input.cloudId))
      .all();
    const plan = planReconcile(known, input.vms, input.now);
    const { cloudId, now } = input;

    for (const ins of plan.inserts) {
      const row = tx
        .insert(vm)
        .values({ ...ins, cloudId, lastSeenAt: now, stateChangedAt: now })
        .returning({ id: vm.id })
        .get();
      tx.insert(vmEvent).values({ vmId: row.id, cloudId, at: now, fromState: null, toState: ins.state, rawState: ins.rawState }).run();
    }
    for (const { id, transition, ...patch } of plan.patches) {
      tx.update(vm)
        .set({ ...patch, lastSeenAt: now, ...(transition ? { stateChangedAt: now } : {}) })
        .where(eq(vm.id, id))
        .run();
      if (transition) tx.insert(vmEvent).values({ vmId: id, cloudId, at: now, fromState: transition.from, toState: transition.to, rawState: patch.rawState }).run();
    }
    tx.update(vm).set({ stale: false }).where(and(eq(vm.cloudId, cloudId), eq(vm.stale, true))).run();
    markPollSucceeded(tx, "vms", input);
    recordPollSample(tx, { cloudId, now, latencyMs: input.latencyMs, ok: true });
    refreshCloudHealth(tx, cloudId, now);
    return { inserted: plan.inserts.length, changed: plan.patches.length };
  });
}

/** Replaces what the cloud offers (flavors, images) or its quota, from one successful poll. */
export function recordInventoryPoll({
  db,
  input,
}: {
  db: Db;
  input: PollMeta & ({ resource: "flavors"; flavors: ProviderFlavor[] } | { resource: "images"; images: ProviderImage[] } | { resource: "limits"; quota: ProviderQuota });
}): void {
  db.transaction((tx) => {
    const { cloudId, now } = input;
    if (input.resource === "flavors") {
      tx.delete(flavor).where(eq(flavor.cloudId, cloudId)).run();
      if (input.flavors.length > 0) tx.insert(flavor).values(input.flavors.map((f) => ({ cloudId, ...f, seenAt: now }))).run();
    } else if (input.resource === "images") {
      tx.delete(cloudImage).where(eq(cloudImage.cloudId, cloudId)).run();
      if (input.images.length > 0) tx.insert(cloudImage).values(input.images.map((i) => ({ cloudId, ...i, seenAt: now }))).run();
    } else {
      const q = input.quota;
      const rows = [
        { resource: "instances" as const, ...q.instances },
        { resource: "cores" as const, ...q.cores },
        { resource: "ram_mb" as const, ...q.ramMb },
      ];
      tx.delete(quota).where(eq(quota.cloudId, cloudId)).run();
      tx.insert(quota).values(rows.map((r) => ({ cloudId, ...r, seenAt: now }))).run();
    }
    markPollSucceeded(tx, input.resource, input);
    refreshCloudHealth(tx, cloudId, now);
  });
}

/** A failed poll: the cloud keeps its last known state, flagged stale, and says why. */
export function recordPollFailure({ db, input }: { db: Db; input: PollMeta & { resource: PollResource; error: string } }): void {
  db.transaction((tx) => {
    const { cloudId, now } = input;
    tx.insert(pollState)
      .values({ cloudId, resource: input.resource, lastAttemptAt: now, lastLatencyMs: input.latencyMs, lastError: input.error, lastErrorAt: now, consecutiveFailures: 1, nextDueAt: input.nextDueAt })
      .onConflictDoUpdate({
        target: [pollState.cloudId, pollState.resource],
        set: {
          lastAttemptAt: now,
          lastLatencyMs: input.latencyMs,
          lastError: input.error,
          lastErrorAt: now,
          consecutiveFailures: sql`${pollState.consecutiveFailures} + 1`,
          nextDueAt: input.nextDueAt,
        },
      })
      .run();
    tx.insert(pollLog).values({ cloudId, resource: input.resource, at: now, ok: false, latencyMs: input.latencyMs, error: input.error }).run();
    if (input.resource === "vms") {
      tx.update(vm)
        .set({ stale: true })
        .where(and(eq(vm.cloudId, cloudId), inArray(vm.state, ["requested", "booting", "running", "draining", "error"])))
        .run();
      recordPollSample(tx, { cloudId, now, latencyMs: input.latencyMs, ok: false });
    }
    refreshCloudHealth(tx, cloudId, now);
  });
}

function markPollSucceeded(tx: Tx, resource: PollResource, input: PollMeta): void {
  const { cloudId, now, latencyMs, nextDueAt } = input;
  tx.insert(pollState)
    .values({ cloudId, resource, lastAttemptAt: now, lastSuccessAt: now, lastLatencyMs: latencyMs, consecutiveFailures: 0, nextDueAt })
    .onConflictDoUpdate({
      target: [pollState.cloudId, pollState.resource],
      set: { lastAttemptAt: now, lastSuccessAt: now, lastLatencyMs: latencyMs, consecutiveFailures: 0, nextDueAt },
    })
    .run();
  tx.insert(pollLog).values({ cloudId, resource, at: now, ok: true, latencyMs }).run();
}

function refreshCloudHealth(tx: Tx, cloudId: number, now: Date): void {
  const c = tx.select().from(cloud).where(eq(cloud.id, cloudId)).get();
  if (!c) return;
  const polls = tx.select().from(pollState).where(eq(pollState.cloudId, cloudId)).all();
  const health = scoreCloudHealth({ enabled: c.enabled, polls, vmPollIntervalSec: c.pollVmsSec, timeoutMs: c.timeoutMs, now });
  if (health.status === c.status && health.reason === c.statusReason) return;
  tx.update(cloud)
    .set({ status: health.status, statusReason: health.reason, ...(health.status !== c.status ? { statusSince: now } : {}) })
    .where(eq(cloud.id, cloudId))
    .run();
}
