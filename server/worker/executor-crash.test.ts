import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { action, actionItem, cloud, cloudImage, pollState, vm } from "@/db/schema";
import { createSharedTestDatabase, type SharedTestDatabase } from "@/db/testing/shared-test-database";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { launchVms } from "../services/launch-vms";
import { testActor } from "../testing/actors";
import { exited, WorkerProcesses } from "../testing/worker-process";
import { seedDemoClouds } from "../testing/seed-demo-clouds";

const CERN = "CERN LxCloud";
const COUNT = 20;

let shared: SharedTestDatabase;
let fleet: DemoFleet;
let db: Db;
let keyHex: string;
const workers = new WorkerProcesses(() => ({
  ...shared.env,
  CLOUDSCOPE_SECRET_KEY: keyHex,
  CLOUDSCOPE_ACTION_LEASE_MS: "1000",
  CLOUDSCOPE_ACTION_CONCURRENCY: "2",
  CLOUDSCOPE_EXECUTOR_TICK_MS: "100",
  // A killed worker's polls and maintenance (the boot watch) pass to the next one within this.
  CLOUDSCOPE_POLL_LEASE_MS: "1000",
}));
const startWorker = () => workers.start();
const waitFor = workers.waitFor.bind(workers);

describe("crash safety", () => {
  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    db = shared.db;
    const key = randomBytes(32);
    keyHex = key.toString("hex");
    fleet = await startDemoFleet({ autopilotMs: null, seed: 4242 });
    expect(await seedDemoClouds(db, key, fleet)).toEqual([]);
  });

  afterAll(async () => {
    await workers.stopAll();
    await fleet?.close();
    await shared?.dispose();
  });

  it("a worker killed during a 20-VM launch is replaced, the launch makes exactly 20 VMs, and a worker killed while they boot does not keep it from ending", async () => {
    const cern = fleet.clouds.find((c) => c.spec.name === CERN)!;
    cern.sim.setFaults({ latencyMs: 50 });
    const cloudId = (await db.select().from(cloud).where(eq(cloud.name, CERN)).get())!.id;
    const image = (await db.select().from(cloudImage).where(eq(cloudImage.cloudId, cloudId)).orderBy(cloudImage.providerId).get())!;
    const { actionId } = await launchVms({
      db,
      actor: testActor("operator"),
      input: { cloudId, imageId: image.providerId, flavorId: "m1.medium", queue: "CERN-PROD_CLOUD", count: COUNT, idempotencyKey: randomUUID() },
    });
    // A launched VM's item holds its VM from the moment the cloud accepted it (it then waits for the boot).
    const launchedItems = async () =>
      (
        await db
          .select({ id: actionItem.id })
          .from(actionItem)
          .where(and(eq(actionItem.actionId, actionId), isNotNull(actionItem.vmId)))
          .all()
      ).length;

    const first = startWorker();
    const doneBeforeKill = await waitFor(
      "a few launched VMs",
      async () => {
        const done = await launchedItems();
        return done >= 3 ? done : null;
      },
      10_000,
      5,
    );
    first.kill("SIGKILL");
    await exited(first);
    const killedAt = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
    // The kill landed mid-launch: the action is still claimed by the dead worker, with VMs left to launch.
    expect(killedAt.status).toBe("running");
    expect(await launchedItems()).toBeLessThan(COUNT);
    expect(await launchedItems()).toBeGreaterThanOrEqual(doneBeforeKill);

    const second = startWorker();
    // The resumed launch makes its calls and hands itself to the boot watch (its VMs boot in tens of seconds).
    const launched = await waitFor(
      "the resumed launch to make all its calls",
      async () => {
        const a = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
        return a.claimedBy === null && a.status !== "queued" && (await launchedItems()) === COUNT ? a : null;
      },
      12_000,
      50,
    );
    expect(launched).toMatchObject({ total: COUNT });
    expect(launched.attempts).toBeGreaterThanOrEqual(2);

    const tokens = cern.sim
      .listVms()
      .filter((v) => v.phase !== "deleted")
      .map((v) => v.metadata.cloudscope_token)
      .filter((t): t is string => t?.startsWith(`cs-${actionId}-`) ?? false);
    expect(tokens).toHaveLength(COUNT);
    expect(new Set(tokens)).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => `cs-${actionId}-${i}`)));
    const rows = await db.select().from(vm).where(eq(vm.launchActionId, actionId)).all();
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.providerId)).size).toBe(COUNT);

    // Killed again while the launch waits for its VMs: nothing of the wait lives in a worker, so the next one ends it.
    second.kill("SIGKILL");
    await exited(second);
    const now = Date.now();
    for (const v of cern.sim.listVms()) if (v.metadata.cloudscope_token?.startsWith(`cs-${actionId}-`)) Object.assign(v, { failsToBoot: false, scheduledAt: now, bootedAt: now });
    // Polled soon, so the test need not wait a minute for the collector to see them run.
    await db.update(cloud).set({ pollVmsSec: 1 }).where(eq(cloud.id, cloudId)).run();
    await db.update(pollState).set({ nextDueAt: new Date(now) }).where(eq(pollState.cloudId, cloudId)).run();
    startWorker();
    const ended = await waitFor(
      "the launch to end once its VMs run",
      async () => {
        const a = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
        return a.status !== "running" ? a : null;
      },
      20_000,
      100,
    );
    expect(ended).toMatchObject({ status: "succeeded", total: COUNT, succeeded: COUNT, failed: 0 });
  }, 45_000);
});
