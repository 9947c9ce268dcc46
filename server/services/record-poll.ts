import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, cloudImage, flavor, pollLog, pollState, quota, vm, vmEvent, type PollResource } from "@/db/schema";
import type { ProviderFlavor, ProviderImage, ProviderQuota, ProviderVm } from "../clouds/driver";
import { planReconcile, type KnownVm, type VmInsert, type VmPatch } from "../domain/reconcile";
import { scoreCloudHealth } from "../domain/health";
import { LIVE_VM_STATES } from "../domain/vm-states";
import { chunkForInsert } from "./chunk-rows";
import { decodeRows, encodeFor, excluded, prepareOnce, rawPlaceholder } from "./prepared-statements";
import { recordPollSample } from "./record-samples";

interface PollMeta {
  cloudId: number;
  now: Date;
  latencyMs: number;
  nextDueAt: Date;
}

const ph = sql.placeholder;

const KNOWN_VM_COLUMNS = {
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
  lastError: vm.lastError,
};

/** Statements every poll runs, prepared once per connection (see prepareOnce). */
function preparePollStatements(db: Db) {
  const patch = {
    state: rawPlaceholder("state"),
    rawState: rawPlaceholder("rawState"),
    name: rawPlaceholder("name"),
    queue: rawPlaceholder("queue"),
    imageRef: rawPlaceholder("imageRef"),
    flavorRef: rawPlaceholder("flavorRef"),
    ip: rawPlaceholder("ip"),
    runningAt: rawPlaceholder("runningAt"),
    terminatedAt: rawPlaceholder("terminatedAt"),
    lastError: rawPlaceholder("lastError"),
    lastSeenAt: rawPlaceholder("now"),
  };
  const byId = eq(vm.id, ph("id"));
  const pollStateSet = {
    lastAttemptAt: excluded(pollState.lastAttemptAt),
    lastSuccessAt: excluded(pollState.lastSuccessAt),
    lastLatencyMs: excluded(pollState.lastLatencyMs),
    consecutiveFailures: excluded(pollState.consecutiveFailures),
    nextDueAt: excluded(pollState.nextDueAt),
  };
  const cloudStatus = { status: rawPlaceholder("status"), statusReason: rawPlaceholder("statusReason") };
  return {
    selectLiveVms: db
      .select(KNOWN_VM_COLUMNS)
      .from(vm)
      .where(and(eq(vm.cloudId, ph("cloudId")), inArray(vm.state, LIVE_VM_STATES)))
      .prepare(),
    selectVmByProviderId: db
      .select(KNOWN_VM_COLUMNS)
      .from(vm)
      .where(and(eq(vm.cloudId, ph("cloudId")), eq(vm.providerId, ph("providerId"))))
      .prepare(),
    insertVm: db
      .insert(vm)
      .values({
        cloudId: ph("cloudId"),
        providerId: ph("providerId"),
        name: ph("name"),
        state: ph("state"),
        rawState: ph("rawState"),
        queue: ph("queue"),
        imageRef: ph("imageRef"),
        flavorRef: ph("flavorRef"),
        ip: ph("ip"),
        createdAt: rawPlaceholder("createdAt"),
        runningAt: rawPlaceholder("runningAt"),
        terminatedAt: rawPlaceholder("terminatedAt"),
        lastError: ph("lastError"),
        lastSeenAt: ph("now"),
        stateChangedAt: ph("now"),
      })
      .returning({ id: vm.id })
      .prepare(),
    insertVmEvent: db
      .insert(vmEvent)
      .values({ vmId: ph("vmId"), cloudId: ph("cloudId"), at: ph("now"), fromState: ph("fromState"), toState: ph("toState"), rawState: ph("rawState") })
      .prepare(),
    updateVm: db.update(vm).set(patch).where(byId).prepare(),
    updateVmAndState: db
      .update(vm)
      .set({ ...patch, stateChangedAt: rawPlaceholder("now") })
      .where(byId)
      .prepare(),
    clearStale: db
      .update(vm)
      .set({ stale: false })
      .where(and(eq(vm.cloudId, ph("cloudId")), eq(vm.stale, true)))
      .prepare(),
    upsertPollSuccess: db
      .insert(pollState)
      .values({
        cloudId: ph("cloudId"),
        resource: ph("resource"),
        lastAttemptAt: ph("now"),
        lastSuccessAt: ph("now"),
        lastLatencyMs: ph("latencyMs"),
        consecutiveFailures: 0,
        nextDueAt: ph("nextDueAt"),
      })
      .onConflictDoUpdate({ target: [pollState.cloudId, pollState.resource], set: pollStateSet })
      .prepare(),
    insertPollLog: db
      .insert(pollLog)
      .values({ cloudId: ph("cloudId"), resource: ph("resource"), at: ph("now"), ok: true, latencyMs: ph("latencyMs") })
      .prepare(),
    selectCloudForHealth: db
      .select({ enabled: cloud.enabled, pollVmsSec: cloud.pollVmsSec, timeoutMs: cloud.timeoutMs, status: cloud.status, statusReason: cloud.statusReason })
      .from(cloud)
      .where(eq(cloud.id, ph("cloudId")))
      .prepare(),
    selectPollStates: db
      .select({
        resource: pollState.resource,
        lastAttemptAt: pollState.lastAttemptAt,
        lastSuccessAt: pollState.lastSuccessAt,
        lastLatencyMs: pollState.lastLatencyMs,
        lastError: pollState.lastError,
        consecutiveFailures: pollState.consecutiveFailures,
      })
      .from(pollState)
      .where(eq(pollState.cloudId, ph("cloudId")))
      .prepare(),
    updateCloudStatus: db.update(cloud).set(cloudStatus).where(eq(cloud.id, ph("cloudId"))).prepare(),
    updateCloudStatusSince: db
      .update(cloud)
      .set({ ...cloudStatus, statusSince: rawPlaceholder("now") })
      .where(eq(cloud.id, ph("cloudId")))
      .prepare(),
  };
}

/**
 * Writes one successful VM poll: reconciles rows and transitions, clears staleness,
 * records the poll, the minute sample and the cloud's health, all in one transaction.
 */
export function recordVmPoll({ db, input }: { db: Db; input: PollMeta & { vms: ProviderVm[] } }): { inserted: number; changed: number } {
  const statements = prepareOnce(db, preparePollStatements);
  return db.transaction(() => {
    const { cloudId, now } = input;
    const plan = planReconcile(readKnownVms(statements, cloudId, input.vms), input.vms, now);
    insertNewVms(statements, cloudId, now, plan.inserts);
    updateChangedVms(statements, cloudId, now, plan.patches);
    statements.clearStale.run({ cloudId });
    markPollSucceeded(db, "vms", input);
    recordPollSample(db, { cloudId, now, latencyMs: input.latencyMs, ok: true });
    refreshCloudHealth(db, cloudId, now);
    return { inserted: plan.inserts.length, changed: plan.patches.length };
  });
}

type PollStatements = ReturnType<typeof preparePollStatements>;

/**
 * What reconcile needs (see planReconcile): the cloud's live rows, plus the final rows the
 * provider still lists, looked up one by one so ended VMs piling up cost nothing.
 */
function readKnownVms(statements: PollStatements, cloudId: number, seen: readonly ProviderVm[]): KnownVm[] {
  const known: KnownVm[] = decodeRows(KNOWN_VM_COLUMNS, statements.selectLiveVms.values({ cloudId }));
  const liveIds = new Set(known.map((k) => k.providerId));
  for (const { providerId } of seen) {
    if (liveIds.has(providerId)) continue;
    const row = statements.selectVmByProviderId.get({ cloudId, providerId });
    if (row) known.push(row);
  }
  return known;
}

/*
 * Inserts and updates run one prepared statement per row: with SQLite that beats building
 * a multi-row statement per poll, whose preparing costs more than the rows' writes.
 */
function insertNewVms(statements: PollStatements, cloudId: number, now: Date, inserts: readonly VmInsert[]): void {
  for (const ins of inserts) {
    const { id } = statements.insertVm.get({
      ...ins,
      cloudId,
      now,
      createdAt: encodeFor(vm.createdAt, ins.createdAt),
      runningAt: encodeFor(vm.runningAt, ins.runningAt),
      terminatedAt: encodeFor(vm.terminatedAt, ins.terminatedAt),
    })!;
    statements.insertVmEvent.run({ vmId: id, cloudId, now, fromState: null, toState: ins.state, rawState: ins.rawState });
  }
}

function updateChangedVms(statements: PollStatements, cloudId: number, now: Date, patches: readonly VmPatch[]): void {
  const at = encodeFor(vm.lastSeenAt, now);
  for (const { id, transition, ...p } of patches) {
    const values = {
      id,
      state: p.state,
      rawState: p.rawState,
      name: p.name,
      queue: p.queue,
      imageRef: p.imageRef,
      flavorRef: p.flavorRef,
      ip: p.ip,
      runningAt: encodeFor(vm.runningAt, p.runningAt),
      terminatedAt: encodeFor(vm.terminatedAt, p.terminatedAt),
      lastError: p.lastError,
      now: at,
    };
    if (!transition) {
      statements.updateVm.run(values);
      continue;
    }
    statements.updateVmAndState.run(values);
    statements.insertVmEvent.run({ vmId: id, cloudId, now, fromState: transition.from, toState: transition.to, rawState: p.rawState });
  }
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
      for (const rows of chunkForInsert(flavor, input.flavors)) tx.insert(flavor).values(rows.map((f) => ({ cloudId, ...f, seenAt: now }))).run();
    } else if (input.resource === "images") {
      tx.delete(cloudImage).where(eq(cloudImage.cloudId, cloudId)).run();
      for (const rows of chunkForInsert(cloudImage, input.images)) tx.insert(cloudImage).values(rows.map((i) => ({ cloudId, ...i, seenAt: now }))).run();
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
    markPollSucceeded(db, input.resource, input);
    refreshCloudHealth(db, cloudId, now);
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
        .where(and(eq(vm.cloudId, cloudId), inArray(vm.state, LIVE_VM_STATES)))
        .run();
      recordPollSample(db, { cloudId, now, latencyMs: input.latencyMs, ok: false });
    }
    refreshCloudHealth(db, cloudId, now);
  });
}

/** Inside the poll's transaction. */
function markPollSucceeded(db: Db, resource: PollResource, input: PollMeta): void {
  const statements = prepareOnce(db, preparePollStatements);
  const { cloudId, now, latencyMs, nextDueAt } = input;
  statements.upsertPollSuccess.run({ cloudId, resource, now, latencyMs, nextDueAt });
  statements.insertPollLog.run({ cloudId, resource, now, latencyMs });
}

/** Inside the poll's transaction; writes the cloud row only when its status or reason changed. */
function refreshCloudHealth(db: Db, cloudId: number, now: Date): void {
  const statements = prepareOnce(db, preparePollStatements);
  const c = statements.selectCloudForHealth.get({ cloudId });
  if (!c) return;
  const polls = statements.selectPollStates.all({ cloudId });
  const health = scoreCloudHealth({ enabled: c.enabled, polls, vmPollIntervalSec: c.pollVmsSec, timeoutMs: c.timeoutMs, now });
  if (health.status === c.status && health.reason === c.statusReason) return;
  const update = health.status !== c.status ? statements.updateCloudStatusSince : statements.updateCloudStatus;
  update.run({ cloudId, status: health.status, statusReason: health.reason, now: encodeFor(cloud.statusSince, now) });
}
