import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createSharedTestDatabase, type SharedTestDatabase } from "@/db/testing/shared-test-database";
import { action, actionItem, cloud, cloudImage, pollLog, pollState, sampleMinute, vm } from "@/db/schema";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { launchVms } from "../services/launch-vms";
import { listWorkers } from "../services/work-leases";
import { WORKER_LIVE_MS } from "../domain/worker-liveness";
import { testActor } from "../testing/actors";
import { exited, WorkerProcesses } from "../testing/worker-process";
import { seedDemoClouds } from "../testing/seed-demo-clouds";

const CERN = "CERN LxCloud";
const COUNT = 20;
const POLL_LEASE_MS = 3_000;

let shared: SharedTestDatabase;
let db: Db;
let fleet: DemoFleet;
let keyHex: string;
const workers = new WorkerProcesses(() => ({
  ...shared.env,
  CLOUDSCOPE_SECRET_KEY: keyHex,
  CLOUDSCOPE_POLL_LEASE_MS: String(POLL_LEASE_MS),
  CLOUDSCOPE_ACTION_LEASE_MS: "1000",
  CLOUDSCOPE_ACTION_CONCURRENCY: "2",
  CLOUDSCOPE_EXECUTOR_TICK_MS: "100",
}));
const startWorker = () => workers.start();
const waitFor = workers.waitFor.bind(workers);

const aliveWorkers = async () => (await listWorkers({ db, input: { now: new Date(), liveWindowMs: WORKER_LIVE_MS, forgetAfterMs: 60_000 } })).filter((w) => w.alive);

beforeAll(async () => {
  shared = await createSharedTestDatabase();
  db = shared.db;
  const key = randomBytes(32);
  keyHex = key.toString("hex");
  fleet = await startDemoFleet({ autopilotMs: null, seed: 9090 });
  expect(await seedDemoClouds(db, key, fleet, { pollVmsSec: 1, pollLimitsSec: 2, pollImagesSec: 30 })).toEqual([]);
});

afterAll(async () => {
  await workers.stopAll();
  await fleet?.close();
  await shared?.dispose();
});

describe("two workers on one database", () => {
  it("share the clouds, and when one is killed mid-launch and mid-poll the other finishes the launch with exactly 20 VMs and takes over every cloud", async () => {
    const cloudIds = (await db.select({ id: cloud.id }).from(cloud).all()).map((c) => c.id).sort((a, b) => a - b);
    startWorker();
    startWorker();
    const split = await waitFor(
      "both workers to hold a share of the clouds",
      async () => {
        const alive = await aliveWorkers();
        return alive.length === 2 && alive.every((w) => w.cloudIds.length > 0) && alive.flatMap((w) => w.cloudIds).length === cloudIds.length ? alive : null;
      },
      20_000,
    );
    expect(split.flatMap((w) => w.cloudIds).sort((a, b) => a - b)).toEqual(cloudIds);

    const cern = fleet.clouds.find((c) => c.spec.name === CERN)!;
    cern.sim.setFaults({ latencyMs: 50 });
    const cernId = (await db.select().from(cloud).where(eq(cloud.name, CERN)).get())!.id;
    const image = (await db.select().from(cloudImage).where(eq(cloudImage.cloudId, cernId)).orderBy(cloudImage.providerId).get())!;
    const { actionId } = await launchVms({
      db,
      actor: testActor("operator"),
      input: { cloudId: cernId, imageId: image.providerId, flavorId: "m1.medium", queue: "CERN-PROD_CLOUD", count: COUNT, idempotencyKey: randomUUID() },
    });
    // A launched VM's item holds its VM from the moment the cloud accepted it (it then waits for the boot).
    const launchedItems = async () => (await db.select({ id: actionItem.id }).from(actionItem).where(and(eq(actionItem.actionId, actionId), isNotNull(actionItem.vmId))).all()).length;
    const running = await waitFor(
      "the launch to be under way",
      async () => {
        const a = await db.select().from(action).where(eq(action.id, actionId)).get();
        return a?.status === "running" && a.claimedBy && (await launchedItems()) >= 3 ? a : null;
      },
      15_000,
      5,
    );
    const victimPid = split.find((w) => w.id === running.claimedBy)!.pid;
    const victim = workers.started.find((w) => w.pid === victimPid)!;
    const killedAt = new Date();
    victim.kill("SIGKILL");
    await exited(victim);

    // The survivor makes the remaining calls and hands the launch to the boot watch (its VMs boot in tens of seconds).
    await waitFor(
      "the survivor to make the launch's remaining calls",
      async () => {
        const a = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
        return a.claimedBy === null && a.status !== "queued" && (await launchedItems()) === COUNT ? a : null;
      },
      20_000,
    );
    const tokens = cern.sim
      .listVms()
      .filter((v) => v.phase !== "deleted")
      .map((v) => v.metadata.cloudscope_token)
      .filter((t): t is string => t?.startsWith(`cs-${actionId}-`) ?? false);
    expect(new Set(tokens)).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => `cs-${actionId}-${i}`)));
    expect(tokens).toHaveLength(COUNT);
    expect(await db.select().from(vm).where(eq(vm.launchActionId, actionId)).all()).toHaveLength(COUNT);

    // Within one lease period (plus a renewal and a poll interval), the survivor holds and polls every cloud.
    await waitFor(
      "every cloud polled again after the kill",
      async () => {
        const survivor = (await aliveWorkers()).find((w) => w.id !== running.claimedBy);
        if (!survivor || survivor.cloudIds.length !== cloudIds.length) return null;
        const polled = await db
          .select({ cloudId: pollState.cloudId })
          .from(pollState)
          .where(and(eq(pollState.resource, "vms"), gt(pollState.lastSuccessAt, killedAt)))
          .all();
        return polled.length === cloudIds.length;
      },
      POLL_LEASE_MS + 8_000,
    );

    // Each poll counted once in its minute's sample: never recorded by two workers, never lost.
    const samples = await db.select().from(sampleMinute).all();
    const logs = await db.select({ cloudId: pollLog.cloudId, at: pollLog.at }).from(pollLog).where(eq(pollLog.resource, "vms")).all();
    for (const s of samples) {
      const inMinute = logs.filter((l) => l.cloudId === s.cloudId && Math.floor(l.at.getTime() / 60_000) * 60_000 === s.ts);
      expect(s.polls, `cloud ${s.cloudId}, minute ${new Date(s.ts).toISOString()}`).toBe(inMinute.length);
    }
  }, 90_000);
});
