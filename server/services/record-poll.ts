import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { cloud, cloudImage, flavor, pollLog, pollState, quota, vm, vmEvent } from "@/db/schema";
import type { ProviderFlavor, ProviderImage, ProviderQuota, ProviderVm } from "../clouds/driver";
import { planReconcile, type KnownVm, type VmInsert, type VmPatch } from "../domain/reconcile";
import { scoreCloudHealth } from "../domain/health";
import { LIVE_VM_STATES, type PollResource } from "../domain/vocabulary";
import { insertMany, updateManyById } from "@/db/bulk";
import { chunkForInsert } from "@/db/chunk-rows";
import { decodeRows, encodeFor, excluded, prepareOnce, rawPlaceholder } from "@/db/prepared-statements";
import { planVmImageClasses, type StoredVmImageClass } from "../domain/plan-vm-image-classes";
import { readImageJudge } from "./lib/judge-vm-images";
import { readHealthInput } from "./read-health-input";
import { recordPollSample } from "./record-samples";
import { assertLeaseHeld, cloudLeaseName } from "./work-leases";

interface PollMeta {
  cloudId: number;
  /** The polling worker: the poll is recorded only while it still holds the cloud's lease (see work-leases). */
  owner?: string;
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
  createdAt: vm.createdAt,
  runningAt: vm.runningAt,
  drainRequestedAt: vm.drainRequestedAt,
  destroyRequestedAt: vm.destroyRequestedAt,
  terminatedAt: vm.terminatedAt,
  lastError: vm.lastError,
  imageClass: vm.imageClass,
  imageVersionId: vm.imageVersionId,
  imageModified: vm.imageModified,
};

/** Provider ids looked up per statement; a short last batch repeats an id, so one statement text serves every batch. */
const LOOKUP_BATCH = 100;
const LOOKUP_SLOTS = Array.from({ length: LOOKUP_BATCH }, (_, i) => `p${i}`);

/** Statements every poll runs, prepared once per connection (see prepareOnce). */
function preparePollStatements(db: Db) {
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
    selectVmsByProviderIds: db
      .select(KNOWN_VM_COLUMNS)
      .from(vm)
      .where(and(eq(vm.cloudId, ph("cloudId")), inArray(vm.providerId, LOOKUP_SLOTS.map((slot) => ph(slot)))))
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
export async function recordVmPoll({ db, input }: { db: Db; input: PollMeta & { vms: ProviderVm[] } }): Promise<{ inserted: number; changed: number }> {
  const statements = prepareOnce(db, preparePollStatements);
  return inPollTransaction(db, async (tx) => {
    await fence(tx, input);
    const { cloudId, now } = input;
    const known = await readKnownVms(statements, cloudId, input.vms);
    const plan = planReconcile(known, input.vms, now);
    const insertedIds = await insertNewVms(statements, cloudId, now, plan.inserts);
    await updateChangedVms(tx, cloudId, now, plan.patches);
    await classifyVmImages(tx, { cloudId, now, seen: input.vms, known, insertedIds });
    await statements.clearStale.run({ cloudId });
    await markPollSucceeded(tx, "vms", input);
    await recordPollSample(tx, { cloudId, now, latencyMs: input.latencyMs, ok: true });
    await refreshCloudHealth(tx, cloudId, now);
    return { inserted: plan.inserts.length, changed: plan.patches.length };
  });
}

type PollStatements = ReturnType<typeof preparePollStatements>;
type KnownVmRow = KnownVm & Pick<StoredVmImageClass, "imageClass" | "imageVersionId" | "imageModified">;

/**
 * What reconcile needs (see planReconcile): the cloud's live rows, plus the rows of ended
 * VMs the provider still lists (clouds keep deleted servers listed for a while), looked up
 * by id in batches, so ended VMs piling up in our table cost nothing.
 */
async function readKnownVms(statements: PollStatements, cloudId: number, seen: readonly ProviderVm[]): Promise<KnownVmRow[]> {
  const known: KnownVmRow[] = decodeRows(KNOWN_VM_COLUMNS, await statements.selectLiveVms.values({ cloudId }));
  const liveIds = new Set(known.map((k) => k.providerId));
  const others = seen.map((v) => v.providerId).filter((id) => !liveIds.has(id));
  for (let i = 0; i < others.length; i += LOOKUP_BATCH) {
    const batch = others.slice(i, i + LOOKUP_BATCH);
    const slots = Object.fromEntries(LOOKUP_SLOTS.map((slot, j) => [slot, batch[j] ?? batch[0]]));
    known.push(...(await statements.selectVmsByProviderIds.all({ cloudId, ...slots })));
  }
  return known;
}

/*
 * Inserts and updates run one prepared statement per row: with SQLite that beats building
 * a multi-row statement per poll, whose preparing costs more than the rows' writes.
 */
async function insertNewVms(statements: PollStatements, cloudId: number, now: Date, inserts: readonly VmInsert[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const ins of inserts) {
    const inserted = await statements.insertVm.get({
      ...ins,
      cloudId,
      now,
      createdAt: encodeFor(vm.createdAt, ins.createdAt),
      runningAt: encodeFor(vm.runningAt, ins.runningAt),
      terminatedAt: encodeFor(vm.terminatedAt, ins.terminatedAt),
    });
    await statements.insertVmEvent.run({ vmId: inserted!.id, cloudId, now, fromState: null, toState: ins.state, rawState: ins.rawState });
    ids.set(ins.providerId, inserted!.id);
  }
  return ids;
}

const IMAGE_CLASS_COLUMNS = [vm.imageClass, vm.imageVersionId, vm.imageModified];

/**
 * Judges the image of every VM the cloud listed against the catalogue and writes the rows
 * whose verdict changed: the catalogue is read once per poll, and a quiet poll writes nothing.
 */
async function classifyVmImages(tx: Tx, input: { cloudId: number; now: Date; seen: readonly ProviderVm[]; known: readonly KnownVmRow[]; insertedIds: ReadonlyMap<string, number> }): Promise<void> {
  const knownById = new Map(input.known.map((k) => [k.providerId, k]));
  const stored = input.seen.flatMap((p): StoredVmImageClass[] => {
    const row = knownById.get(p.providerId);
    if (row) return [{ id: row.id, imageRef: p.imageId, imageClass: row.imageClass, imageVersionId: row.imageVersionId, imageModified: row.imageModified }];
    const id = input.insertedIds.get(p.providerId);
    return id === undefined ? [] : [{ id, imageRef: p.imageId, imageClass: null, imageVersionId: null, imageModified: null }];
  });
  const patches = planVmImageClasses(stored, await readImageJudge(tx, input.cloudId, input.now));
  await updateManyById(tx, vm, vm.id, IMAGE_CLASS_COLUMNS, patches.map((p) => ({ id: p.id, values: [p.imageClass, p.imageVersionId, p.imageModified] })));
}

/** Columns a patch writes, in the order updateManyById binds them. */
const PATCH_COLUMNS = [vm.state, vm.rawState, vm.name, vm.queue, vm.imageRef, vm.flavorRef, vm.ip, vm.createdAt, vm.runningAt, vm.terminatedAt, vm.lastError, vm.lastSeenAt];
const EVENT_COLUMNS = [vmEvent.vmId, vmEvent.cloudId, vmEvent.at, vmEvent.fromState, vmEvent.toState, vmEvent.rawState];

async function updateChangedVms(tx: Tx, cloudId: number, now: Date, patches: readonly VmPatch[]): Promise<void> {
  const at = encodeFor(vm.lastSeenAt, now);
  const quiet: Array<{ id: number; values: unknown[] }> = [];
  const moved: Array<{ id: number; values: unknown[] }> = [];
  const events: unknown[][] = [];
  for (const { id, transition, ...p } of patches) {
    const values = [p.state, p.rawState, p.name, p.queue, p.imageRef, p.flavorRef, p.ip, encodeFor(vm.createdAt, p.createdAt), encodeFor(vm.runningAt, p.runningAt), encodeFor(vm.terminatedAt, p.terminatedAt), p.lastError, at];
    if (!transition) {
      quiet.push({ id, values });
      continue;
    }
    moved.push({ id, values: [...values, at] });
    events.push([id, cloudId, at, transition.from, transition.to, p.rawState]);
  }
  await updateManyById(tx, vm, vm.id, PATCH_COLUMNS, quiet);
  await updateManyById(tx, vm, vm.id, [...PATCH_COLUMNS, vm.stateChangedAt], moved);
  await insertMany(tx, vmEvent, EVENT_COLUMNS, events);
}

/** Replaces what the cloud offers (flavors, images) or its quota, from one successful poll. */
export async function recordInventoryPoll({
  db,
  input,
}: {
  db: Db;
  input: PollMeta & ({ resource: "flavors"; flavors: ProviderFlavor[] } | { resource: "images"; images: ProviderImage[] } | { resource: "limits"; quota: ProviderQuota });
}): Promise<void> {
  await inPollTransaction(db, async (tx) => {
    await fence(tx, input);
    const { cloudId, now } = input;
    if (input.resource === "flavors") {
      await tx.delete(flavor).where(eq(flavor.cloudId, cloudId)).run();
      for (const rows of chunkForInsert(flavor, input.flavors)) await tx.insert(flavor).values(rows.map((f) => ({ cloudId, ...f, seenAt: now }))).run();
    } else if (input.resource === "images") {
      await tx.delete(cloudImage).where(eq(cloudImage.cloudId, cloudId)).run();
      for (const rows of chunkForInsert(cloudImage, input.images)) await tx.insert(cloudImage).values(rows.map((i) => ({ cloudId, ...i, seenAt: now }))).run();
    } else {
      const q = input.quota;
      const rows = [
        { resource: "instances" as const, ...q.instances },
        { resource: "cores" as const, ...q.cores },
        { resource: "ram_mb" as const, ...q.ramMb },
      ];
      await tx.delete(quota).where(eq(quota.cloudId, cloudId)).run();
      await tx.insert(quota).values(rows.map((r) => ({ cloudId, ...r, seenAt: now }))).run();
    }
    await markPollSucceeded(tx, input.resource, input);
    await refreshCloudHealth(tx, cloudId, now);
  });
}

/** A failed poll: the cloud keeps its last known state, flagged stale, and says why. */
export async function recordPollFailure({ db, input }: { db: Db; input: PollMeta & { resource: PollResource; error: string } }): Promise<void> {
  await inPollTransaction(db, async (tx) => {
    await fence(tx, input);
    const { cloudId, now } = input;
    await tx
      .insert(pollState)
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
    await tx.insert(pollLog).values({ cloudId, resource: input.resource, at: now, ok: false, latencyMs: input.latencyMs, error: input.error }).run();
    if (input.resource === "vms") {
      await tx
        .update(vm)
        .set({ stale: true })
        .where(and(eq(vm.cloudId, cloudId), inArray(vm.state, LIVE_VM_STATES)))
        .run();
      await recordPollSample(tx, { cloudId, now, latencyMs: input.latencyMs, ok: false });
    }
    await refreshCloudHealth(tx, cloudId, now);
  });
}

/**
 * A poll writes only its own cloud's rows, and the cloud's lease keeps other workers out (see
 * fence), so on PostgreSQL it needs no SERIALIZABLE: READ COMMITTED spares the polls of
 * different clouds the false conflicts of its predicate locks.
 */
function inPollTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn, { isolation: "read committed" });
}

/** Two workers never both record a poll of one cloud: the one whose lease ran out is refused. */
async function fence(tx: Tx, input: PollMeta): Promise<void> {
  if (input.owner !== undefined) await assertLeaseHeld(tx, input.owner, cloudLeaseName(input.cloudId));
}

/** Inside the poll's transaction. */
async function markPollSucceeded(tx: Tx, resource: PollResource, input: PollMeta): Promise<void> {
  const statements = prepareOnce(tx, preparePollStatements);
  const { cloudId, now, latencyMs, nextDueAt } = input;
  await statements.upsertPollSuccess.run({ cloudId, resource, now, latencyMs, nextDueAt });
  await statements.insertPollLog.run({ cloudId, resource, now, latencyMs });
}

/** Inside the poll's transaction; writes the cloud row only when its status or reason changed. */
async function refreshCloudHealth(tx: Tx, cloudId: number, now: Date): Promise<void> {
  const input = await readHealthInput(tx, cloudId, now);
  if (!input) return;
  const health = scoreCloudHealth(input);
  if (health.status === input.status && health.reason === input.statusReason) return;
  const statements = prepareOnce(tx, preparePollStatements);
  const update = health.status !== input.status ? statements.updateCloudStatusSince : statements.updateCloudStatus;
  await update.run({ cloudId, status: health.status, statusReason: health.reason, now: encodeFor(cloud.statusSince, now) });
}
