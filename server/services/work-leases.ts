import { and, asc, eq, gt, inArray, like, lte, or } from "drizzle-orm";
import { changedRows, type Db, type Tx } from "@/db/client";
import { workerHeartbeat, workLease } from "@/db/schema";
import { planLeases } from "../domain/lease-plan";

const CLOUD_PREFIX = "cloud:";
export const MAINTENANCE_LEASE = "maintenance";

export const cloudLeaseName = (cloudId: number) => `${CLOUD_PREFIX}${cloudId}`;

export interface LeaseInput {
  workerId: string;
  now: Date;
  leaseMs: number;
}

/**
 * Renews this worker's cloud leases and takes or gives back some so the live workers
 * share the clouds; returns the ids of the clouds it now polls. A worker counts as live
 * while its heartbeat is younger than `liveWindowMs`.
 */
export async function keepPollLeases({ db, input }: { db: Db; input: LeaseInput & { cloudIds: readonly number[]; liveWindowMs: number } }): Promise<number[]> {
  const { workerId, now, leaseMs } = input;
  return db.transaction(async (tx) => {
    const held = await tx.select().from(workLease).where(like(workLease.name, `${CLOUD_PREFIX}%`)).all();
    const peers = await tx
      .select({ id: workerHeartbeat.id, beatAt: workerHeartbeat.beatAt, startedAt: workerHeartbeat.startedAt })
      .from(workerHeartbeat)
      .where(gt(workerHeartbeat.beatAt, new Date(now.getTime() - input.liveWindowMs)))
      .all();
    const plan = planLeases({ me: workerId, names: input.cloudIds.map(cloudLeaseName), held, peers, now, leaseMs, liveWindowMs: input.liveWindowMs });
    const until = new Date(now.getTime() + leaseMs);
    if (plan.renew.length > 0) {
      await tx.update(workLease).set({ until }).where(and(eq(workLease.owner, workerId), inArray(workLease.name, plan.renew))).run();
    }
    for (const name of plan.take) await takeLease(tx, { name, workerId, now, until });
    if (plan.release.length > 0) await tx.delete(workLease).where(and(eq(workLease.owner, workerId), inArray(workLease.name, plan.release))).run();
    const owned = await tx.select({ name: workLease.name }).from(workLease).where(and(eq(workLease.owner, workerId), like(workLease.name, `${CLOUD_PREFIX}%`))).all();
    return owned.map((l) => Number(l.name.slice(CLOUD_PREFIX.length))).sort((a, b) => a - b);
  });
}

/** Takes or renews one named lease (e.g. maintenance); true when this worker holds it now. */
export async function holdLease({ db, input }: { db: Db; input: LeaseInput & { name: string } }): Promise<boolean> {
  const { workerId, now, leaseMs, name } = input;
  return db.transaction(async (tx) => {
    await takeLease(tx, { name, workerId, now, until: new Date(now.getTime() + leaseMs) });
    return (await tx.select({ owner: workLease.owner }).from(workLease).where(eq(workLease.name, name)).get())?.owner === workerId;
  });
}

/** Takes a lease that is free, ran out, or already ours; leaves one running under another owner. */
async function takeLease(tx: Tx, { name, workerId, now, until }: { name: string; workerId: string; now: Date; until: Date }): Promise<void> {
  await tx
    .insert(workLease)
    .values({ name, owner: workerId, until, acquiredAt: now })
    .onConflictDoUpdate({
      target: workLease.name,
      set: { owner: workerId, until, acquiredAt: now },
      setWhere: or(eq(workLease.owner, workerId), lte(workLease.until, now)),
    })
    .run();
}

/** A stopping worker hands its work over at once instead of after its leases run out. */
export async function releaseLeases({ db, input }: { db: Db; input: { workerId: string } }): Promise<void> {
  await db.delete(workLease).where(eq(workLease.owner, input.workerId)).run();
}

/** A worker went on with work whose lease had passed to another worker; what it did is not recorded. */
export class LeaseLostError extends Error {
  constructor(readonly leaseName: string) {
    super(`the lease ${leaseName} passed to another worker`);
    this.name = "LeaseLostError";
  }
}

/**
 * Inside the transaction that records leased work: throws LeaseLostError unless `workerId`
 * still holds `name`. It touches the lease row, so a takeover waits for this transaction to
 * commit (a row lock on PostgreSQL; SQLite has one writer anyway).
 */
export async function assertLeaseHeld(tx: Tx, workerId: string, name: string): Promise<void> {
  const held = await tx
    .update(workLease)
    .set({ owner: workerId })
    .where(and(eq(workLease.name, name), eq(workLease.owner, workerId)))
    .run();
  if (changedRows(held) === 0) throw new LeaseLostError(name);
}

export interface WorkerView {
  id: string;
  pid: number;
  hostname: string | null;
  startedAt: Date;
  beatAt: Date;
  alive: boolean;
  cloudIds: number[];
  maintenance: boolean;
}

/** Every worker that beat recently enough to matter, with what it holds: for /api/health and the admins' workers view. */
export async function listWorkers({ db, input }: { db: Db; input: { now: Date; liveWindowMs: number; forgetAfterMs: number } }): Promise<WorkerView[]> {
  const { now } = input;
  const workers = await db
    .select()
    .from(workerHeartbeat)
    .where(gt(workerHeartbeat.beatAt, new Date(now.getTime() - input.forgetAfterMs)))
    .orderBy(asc(workerHeartbeat.startedAt), asc(workerHeartbeat.id))
    .all();
  const leases = await db.select().from(workLease).where(gt(workLease.until, now)).all();
  return workers.map((w) => {
    const mine = leases.filter((l) => l.owner === w.id);
    return {
      id: w.id,
      pid: w.pid,
      hostname: w.hostname,
      startedAt: w.startedAt,
      beatAt: w.beatAt,
      alive: now.getTime() - w.beatAt.getTime() < input.liveWindowMs,
      cloudIds: mine.filter((l) => l.name.startsWith(CLOUD_PREFIX)).map((l) => Number(l.name.slice(CLOUD_PREFIX.length))).sort((a, b) => a - b),
      maintenance: mine.some((l) => l.name === MAINTENANCE_LEASE),
    };
  });
}
