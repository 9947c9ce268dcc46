import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { LocalDatabaseError } from "@/db/errors";
import { action, actionItem, auditLog, cloud, cloudImage, flavor, vm } from "@/db/schema";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import { createDriver } from "../clouds/driver-registry";
import { DEFAULT_BOOT_TIMEOUT_MS } from "../domain/action-outcome";
import { ManualClock } from "../sim/core/clock";
import { DRAIN_METADATA_KEY, type SimCloud } from "../sim/core/sim-cloud";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { destroyVms } from "../services/destroy-vms";
import { drainVms } from "../services/drain-vms";
import { ensureDemoSiteParams } from "../services/ensure-demo-site-params";
import { launchVms } from "../services/launch-vms";
import { retryAction } from "../services/retry-action";
import { listPollTargets } from "../services/list-poll-targets";
import { upsertCloud } from "../services/upsert-cloud";
import { testActor } from "../testing/actors";
import { runCollectorPass, type CollectorDeps } from "./collector";
import { ActionExecutor, executeNextAction, superviseBoots, superviseDrains, type ExecutorDeps } from "./executor";

const key = randomBytes(32);
const operator = testActor("operator");
const CERN = "CERN LxCloud";
let clock: ManualClock;
let fleet: DemoFleet;
let db: Db;
let deps: ExecutorDeps;
let collector: CollectorDeps;

const now = () => new Date(clock.now());
const simOf = (name: string): SimCloud => fleet.clouds.find((c) => c.spec.name === name)!.sim;
const cloudRow = async (name: string) => (await db.select().from(cloud).where(eq(cloud.name, name)).get())!;
const actionRow = async (id: number) => (await db.select().from(action).where(eq(action.id, id)).get())!;
const itemsOf = (id: number) => db.select().from(actionItem).where(eq(actionItem.actionId, id)).orderBy(actionItem.seq).all();
const vmRow = async (id: number) => (await db.select().from(vm).where(eq(vm.id, id)).get())!;
const runningVmsOn = async (name: string) =>
  db
    .select()
    .from(vm)
    .where(and(eq(vm.cloudId, (await cloudRow(name)).id), eq(vm.state, "running")))
    .orderBy(vm.id)
    .all();

/** The boot watch's pass at the test clock (the worker's maintenance runs it every few seconds). */
const boots = (bootTimeoutMs = DEFAULT_BOOT_TIMEOUT_MS) => superviseBoots({ ...deps, bootTimeoutMs });

/** Lets the action's VMs at the provider boot (or fail to), then polls, so their rows show it. */
async function bootAll(sim: SimCloud, actionId: number) {
  const latest = Math.max(...tokenedVms(sim, actionId).map((v) => v.bootedAt));
  clock.advance(Math.max(0, latest - clock.now()) + 1_000);
  await poll();
}

/** Runs due actions until none is due (a deferred one waits for the clock). */
async function runExecutor(overrides: Partial<ExecutorDeps> = {}) {
  const outcomes = [];
  for (let o = await executeNextAction({ ...deps, ...overrides }); o; o = await executeNextAction({ ...deps, ...overrides })) outcomes.push(o);
  return outcomes;
}

async function poll() {
  const { errors } = await runCollectorPass(collector, await listPollTargets({ db, key }));
  expect(errors).toEqual([]);
}

async function launch(count: number, name = CERN, idempotencyKey = randomUUID()) {
  const c = await cloudRow(name);
  const image = (await db.select().from(cloudImage).where(eq(cloudImage.cloudId, c.id)).orderBy(cloudImage.providerId).get())!;
  // The sim's own size where the driver lists it; CloudSigma sizes are the driver's (its API has none to list).
  const offered = await db.select().from(flavor).where(eq(flavor.cloudId, c.id)).orderBy(flavor.providerId).all();
  const preferred = fleet.clouds.find((x) => x.spec.name === name)!.spec.flavors[0]!.id;
  const flavorId = (offered.find((f) => f.providerId === preferred) ?? offered[0]!).providerId;
  return launchVms({ db, actor: operator, input: { cloudId: c.id, imageId: image.providerId, flavorId, queue: "CERN-PROD_CLOUD", count, idempotencyKey }, now: now() });
}

/** The provider's VMs carrying this action's launch tokens. */
function tokenedVms(sim: SimCloud, actionId: number) {
  return sim
    .listVms()
    .filter((v) => v.phase !== "deleted" && v.metadata.cloudscope_token?.startsWith(`cs-${actionId}-`))
    .sort((a, b) => a.metadata.cloudscope_token!.localeCompare(b.metadata.cloudscope_token!, "en", { numeric: true }));
}

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  fleet = await startDemoFleet({ clock, autopilotMs: null, seed: 11 });
  db = await openTestDb();
  for (const { spec, endpoint } of fleet.clouds) {
    await upsertCloud({ db, key, input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 2_000, demo: true } });
  }
  await ensureDemoSiteParams({ db, actor: testActor("admin") });
  collector = { db, now, random: () => 0.5, createDriver };
  deps = { db, key, now, workerId: "test-worker", leaseMs: 30_000, createDriver, concurrency: 4 };
  await poll();
});

afterEach(async () => {
  await fleet.close();
  await closeDb(db);
});

describe("executor: launch over the real protocols", () => {
  it("launches 3 VMs tagged with their tokens, contextualized from the site parameters, and records their rows", async () => {
    const { actionId } = await launch(3);
    expect(await runExecutor()).toEqual([{ actionId, result: "booting", waiting: 3 }]);
    expect(await actionRow(actionId)).toMatchObject({ status: "running", total: 3, succeeded: 0, failed: 0, error: null, claimedBy: null, leaseUntil: null });

    const atProvider = tokenedVms(simOf(CERN), actionId);
    expect(atProvider.map((v) => v.metadata.cloudscope_token)).toEqual([0, 1, 2].map((i) => `cs-${actionId}-${i}`));
    for (const v of atProvider) {
      expect(v.metadata).toMatchObject({ panda_queue: "CERN-PROD_CLOUD", cloudscope_action: String(actionId) });
      expect(v.userData).toContain("#cloud-config");
      expect(v.userData).toContain(v.metadata.cloudscope_token);
      expect(v.userData).toContain("atlas-cloud-cm.cern.ch");
    }
    const rows = await db.select().from(vm).where(eq(vm.launchActionId, actionId)).all();
    expect(rows.map((r) => r.providerId).sort()).toEqual(atProvider.map((v) => v.id).sort());
    expect(rows.every((r) => r.state === "requested" && r.requestedAt !== null && r.queue === "CERN-PROD_CLOUD")).toBe(true);
    expect((await itemsOf(actionId)).every((i) => i.status === "running" && i.vmId !== null && i.providerId !== null && i.attempts === 1)).toBe(true);

    // The next poll updates those rows rather than adding twins.
    clock.advance(5_000);
    await poll();
    expect(await db.select().from(vm).where(eq(vm.launchActionId, actionId)).all()).toHaveLength(3);
    const onCern = await db.select().from(vm).where(eq(vm.cloudId, (await cloudRow(CERN)).id)).all();
    expect(onCern.filter((r) => r.name.includes(`cs-${actionId}-`))).toHaveLength(3);
  });

  it("the same launch request twice gives one action and, once executed, one set of VMs", async () => {
    const key1 = randomUUID();
    const first = await launch(2, CERN, key1);
    const again = await launch(2, CERN, key1);
    expect(again).toEqual({ actionId: first.actionId, existing: true });
    await runExecutor();
    expect(await launch(2, CERN, key1)).toEqual({ actionId: first.actionId, existing: true });
    await runExecutor();
    expect(tokenedVms(simOf(CERN), first.actionId)).toHaveLength(2);
    expect(await db.select().from(action).all()).toHaveLength(1);
  });

  it("retries a transient failure with backoff, then succeeds", async () => {
    const sim = simOf(CERN);
    sim.setFaults({ errorRate: 1 });
    const { actionId } = await launch(2);
    const [deferred] = await runExecutor();
    expect(deferred).toMatchObject({ actionId, result: "deferred" });
    const waiting = await actionRow(actionId);
    expect(waiting.status).toBe("queued");
    expect(waiting.notBefore!.getTime()).toBeGreaterThan(clock.now());
    expect(waiting.error).toMatch(/^Waiting to retry: .*unexpected error/);
    expect((await itemsOf(actionId))[0]).toMatchObject({ status: "queued", attempts: 1 });
    expect(await runExecutor()).toEqual([]); // not due yet

    sim.setFaults({ errorRate: 0 });
    clock.advance(60_000);
    expect(await runExecutor()).toEqual([{ actionId, result: "booting", waiting: 2 }]);
    expect(await actionRow(actionId)).toMatchObject({ status: "running", attempts: 2, error: null });
    expect(tokenedVms(sim, actionId)).toHaveLength(2);
  });

  it("stops on a permanent error with the provider's own message", async () => {
    const sim = simOf(CERN);
    // The cloud fills up behind our back: room for one more VM only.
    while (sim.usage().instances < sim.quota.instances - 1) sim.createVm({ name: "other", imageId: sim.images[0]!.id, flavorId: sim.flavors[0]!.id });
    const { actionId } = await launch(3);
    await runExecutor({ concurrency: 1 });
    await bootAll(sim, actionId);
    expect(await boots()).toMatchObject([{ actionId, status: "partly_failed" }]);
    const a = await actionRow(actionId);
    expect(a).toMatchObject({ status: "partly_failed", succeeded: 1, failed: 2 });
    const items = await itemsOf(actionId);
    expect(items[1]!.error).toMatch(/^Quota exceeded for instances: Requested 1, but already used \d+ of \d+ instances$/);
    expect(items[2]!.error).toBe(`Not launched: the launch stopped (over quota): ${items[1]!.error}`);
    expect(a.error).toMatch(/^1 of 3 running, 2 failed: .*Quota exceeded for instances/);
    expect(tokenedVms(sim, actionId)).toHaveLength(1);
  });

  it("adopts a VM a crashed attempt created instead of launching a twin", async () => {
    const sim = simOf(CERN);
    const { actionId } = await launch(2);
    // A worker claimed it, the provider created item 0's VM, and the worker died before recording it.
    await db.update(action).set({ status: "running", claimedBy: "dead-worker", leaseUntil: new Date(clock.now() - 1), attempts: 1 }).where(eq(action.id, actionId)).run();
    await db.update(actionItem).set({ status: "running", attempts: 1 }).where(and(eq(actionItem.actionId, actionId), eq(actionItem.seq, 0))).run();
    const orphan = sim.createVm({ name: "orphan", imageId: sim.images[0]!.id, flavorId: sim.flavors[0]!.id, metadata: { cloudscope_token: `cs-${actionId}-0` } });

    expect(await runExecutor()).toEqual([{ actionId, result: "booting", waiting: 2 }]);
    expect(tokenedVms(sim, actionId).map((v) => v.id)).toContain(orphan.id);
    expect(tokenedVms(sim, actionId)).toHaveLength(2);
    expect((await itemsOf(actionId))[0]).toMatchObject({ providerId: orphan.id, status: "running", attempts: 2 });
  });
});

describe("launch outcome: a launch follows its VMs until they run", () => {
  it("a launch whose VMs all fail to boot ends failed with the provider's words", async () => {
    const sim = simOf(CERN);
    sim.setFaults({ bootFailureRate: 1 });
    const { actionId } = await launch(2);
    expect(await runExecutor()).toEqual([{ actionId, result: "booting", waiting: 2 }]);
    await bootAll(sim, actionId);

    expect(await boots()).toEqual([{ actionId, status: "failed", error: "0 of 2 running, 2 failed: No valid host was found. (ERROR) (2 VMs)" }]);
    expect(await actionRow(actionId)).toMatchObject({ status: "failed", succeeded: 0, failed: 2, finishedAt: now() });
    expect((await itemsOf(actionId)).map((i) => [i.status, i.error])).toEqual([
      ["failed", "No valid host was found. (ERROR)"],
      ["failed", "No valid host was found. (ERROR)"],
    ]);
    expect(await boots()).toEqual([]); // ended once
  });

  it.each(["FutureGrid Hotel", "StratusLab LAL", "Helix Nebula"])("on %s too, in that provider's words", async (name) => {
    const sim = simOf(name);
    sim.setFaults({ bootFailureRate: 1 });
    const { actionId } = await launch(1, name);
    await runExecutor();
    await bootAll(sim, actionId);
    const [settled] = await boots();
    const row = (await db.select().from(vm).where(eq(vm.launchActionId, actionId)).get())!;
    expect(settled).toMatchObject({ actionId, status: "failed" });
    expect(row.state).toBe("error");
    expect((await itemsOf(actionId))[0]!.error).toContain(row.rawState);
    expect(settled!.error).toContain(row.rawState);
  });

  it("a launch with some VMs failing to boot ends partly failed, n of m running, and its retry launches new VMs", async () => {
    const sim = simOf(CERN);
    const { actionId } = await launch(3);
    await runExecutor();
    const [doomed, ...fine] = tokenedVms(sim, actionId);
    doomed!.failsToBoot = true;
    for (const v of fine) v.failsToBoot = false;
    await bootAll(sim, actionId);

    expect(await boots()).toEqual([{ actionId, status: "partly_failed", error: "2 of 3 running, 1 failed: No valid host was found. (ERROR)" }]);
    const items = await itemsOf(actionId);
    expect(items.map((i) => i.status)).toEqual(["failed", "succeeded", "succeeded"]);
    expect(items[0]!.providerId).toBe(doomed!.id);

    const retry = await retryAction({ db, actor: operator, input: { actionId, idempotencyKey: randomUUID() }, now: now() });
    expect(await runExecutor()).toEqual([{ actionId: retry.actionId, result: "booting", waiting: 1 }]);
    const [again] = await itemsOf(retry.actionId);
    expect(again).toMatchObject({ token: items[0]!.token, status: "running" });
    expect(again!.providerId).not.toBe(doomed!.id); // a new VM, not the one in error
  });

  it("is succeeded only once every VM runs", async () => {
    const sim = simOf(CERN);
    const { actionId } = await launch(2);
    await runExecutor();
    const created = tokenedVms(sim, actionId);
    for (const v of created) v.failsToBoot = false;
    clock.advance(Math.max(...created.map((v) => v.scheduledAt)) - clock.now() + 1);
    await poll();
    expect((await db.select().from(vm).where(eq(vm.launchActionId, actionId)).all()).map((r) => r.state)).toEqual(["booting", "booting"]);
    expect(await boots()).toEqual([]);
    expect(await actionRow(actionId)).toMatchObject({ status: "running", succeeded: 0, finishedAt: null });

    await bootAll(sim, actionId);
    expect(await boots()).toEqual([{ actionId, status: "succeeded", error: null }]);
    expect(await actionRow(actionId)).toMatchObject({ status: "succeeded", succeeded: 2, failed: 0 });
    expect((await itemsOf(actionId)).map((i) => i.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("fails a VM still not running at the boot timeout, naming its last state", async () => {
    const sim = simOf(CERN);
    const { actionId } = await launch(1);
    await runExecutor();
    const [stuck] = tokenedVms(sim, actionId);
    stuck!.bootedAt = Number.MAX_SAFE_INTEGER; // scheduled on a host, never gets past spawning
    const timeoutMs = 30 * 60_000;
    clock.advance(timeoutMs - 1);
    await poll();
    expect(await boots(timeoutMs)).toEqual([]);
    clock.advance(1);
    const [settled] = await boots(timeoutMs);
    expect(settled).toMatchObject({ actionId, status: "failed" });
    expect((await itemsOf(actionId))[0]!.error).toMatch(/^Not running 30 min after the launch; still BUILD/);
  });

  it("a worker dying while its launch waits does not stop the launch from ending", async () => {
    const sim = simOf(CERN);
    const { actionId } = await launch(2);
    await runExecutor();
    for (const v of tokenedVms(sim, actionId)) v.failsToBoot = false;
    // The worker made both calls and died before handing the launch to the boot watch.
    await db.update(action).set({ claimedBy: "dead-worker", leaseUntil: new Date(clock.now() + deps.leaseMs) }).where(eq(action.id, actionId)).run();
    await bootAll(sim, actionId);
    expect(await boots()).toEqual([]); // still held by the dead worker

    clock.advance(deps.leaseMs);
    // Its successor resumes the launch: nothing left to call, so it only waits for the boots.
    expect(await runExecutor({ workerId: "successor" })).toEqual([{ actionId, result: "booting", waiting: 2 }]);
    expect(tokenedVms(sim, actionId)).toHaveLength(2);
    // And a worker started after that one died too ends it from the rows alone.
    expect(await superviseBoots({ db, now, bootTimeoutMs: DEFAULT_BOOT_TIMEOUT_MS })).toEqual([{ actionId, status: "succeeded", error: null }]);
  });
});

describe("executor: our own database failing", () => {
  it("does not record a database error as the cloud's failure: the action resumes after its lease and adopts the VM", async () => {
    const sim = simOf(CERN);
    const { actionId } = await launch(2);
    // The database fails right after the provider accepted the first VM, before it is recorded.
    let failing = false;
    const realTransaction = db.transaction.bind(db);
    vi.spyOn(db, "transaction").mockImplementation(<T>(fn: (tx: Db) => Promise<T>) =>
      failing ? Promise.reject(new LocalDatabaseError("database disk image is malformed")) : realTransaction(fn),
    );
    const flakyDriver = (config: DriverConfig): CloudDriver => {
      const driver = createDriver(config);
      return new Proxy(driver, {
        get: (target, prop) =>
          prop === "launch"
            ? async (...args: Parameters<CloudDriver["launch"]>) => {
                const accepted = await target.launch(...args);
                failing = true;
                return accepted;
              }
            : Reflect.get(target, prop, target),
      });
    };
    const lines: string[] = [];
    await expect(executeNextAction({ ...deps, createDriver: flakyDriver, concurrency: 1, log: (line) => lines.push(line) })).rejects.toThrow(LocalDatabaseError);
    failing = false;
    expect(lines.join("\n")).toMatch(/database error \(not the cloud's\)/);
    expect(tokenedVms(sim, actionId)).toHaveLength(1);
    // Nothing blames the cloud: no item failed, the action still belongs to the worker until its lease ends.
    expect(await actionRow(actionId)).toMatchObject({ status: "running", claimedBy: "test-worker", failed: 0, error: null });
    expect((await itemsOf(actionId)).map((i) => [i.status, i.error])).toEqual([
      ["running", null],
      ["queued", null],
    ]);
    expect(await runExecutor()).toEqual([]);

    clock.advance(deps.leaseMs + 1);
    expect(await runExecutor()).toEqual([{ actionId, result: "booting", waiting: 2 }]);
    expect(tokenedVms(sim, actionId)).toHaveLength(2);
    expect((await itemsOf(actionId))[0]).toMatchObject({ status: "running", providerId: tokenedVms(sim, actionId)[0]!.id, attempts: 2 });
  });
});

describe("executor: drain and destroy", () => {
  it("drains a VM running a job: the job finishes, the worker destroys the VM, no job is killed", async () => {
    const sim = simOf(CERN);
    const candidates = await runningVmsOn(CERN);
    const target = candidates.find((r) => sim.isRunningJob(r.providerId))!;
    expect(target).toBeDefined();
    const killedBefore = sim.jobsKilled;
    const completedBefore = sim.jobsCompleted;

    const { actionId } = await drainVms({ db, actor: operator, input: { vmIds: [target.id], deadlineHours: 24, idempotencyKey: randomUUID() }, now: now() });
    expect(await runExecutor()).toEqual([{ actionId, result: "finished", status: "succeeded" }]);
    const flagged = sim.getVm(target.providerId)!;
    expect(flagged.metadata[DRAIN_METADATA_KEY]).toBeDefined();
    expect(flagged.metadata.panda_queue).toBeDefined(); // Nova replaces metadata: the old keys were sent along
    expect((await vmRow(target.id)).state).toBe("draining");
    expect(await superviseDrains(deps)).toBeNull(); // still running its job

    clock.advance(flagged.endsAt - clock.now());
    expect(sim.getVm(target.providerId)!.phase).toBe("stopped");
    await poll();
    expect((await vmRow(target.id)).state).toBe("terminated");

    const destroyId = (await superviseDrains(deps))!;
    expect(destroyId).not.toBeNull();
    expect(await runExecutor()).toEqual([{ actionId: destroyId, result: "finished", status: "succeeded" }]);
    expect(sim.getVm(target.providerId)?.phase ?? "deleted").toBe("deleted");
    expect(sim.jobsKilled).toBe(killedBefore);
    expect(sim.jobsCompleted).toBeGreaterThan(completedBefore);
    const audit = (await db.select().from(auditLog).where(and(eq(auditLog.targetType, "action"), eq(auditLog.targetId, String(destroyId)))).get())!;
    expect(audit).toMatchObject({ actorName: "worker", verb: "vms.destroy" });
    expect(audit.summary).toContain("1 finished draining");
    expect(await superviseDrains(deps)).toBeNull();
  });

  it("keeps asking a VM that is still building for its drain flag (Nova's 409) until it runs", async () => {
    const sim = simOf(CERN);
    const { actionId: launchId } = await launch(1);
    await runExecutor();
    const [created] = tokenedVms(sim, launchId);
    clock.advance(created!.scheduledAt - clock.now() + 1);
    await poll();
    const row = (await db.select().from(vm).where(eq(vm.launchActionId, launchId)).get())!;
    expect(row.state).toBe("booting");

    const { actionId } = await drainVms({ db, actor: operator, input: { vmIds: [row.id], idempotencyKey: randomUUID() }, now: now() });
    const [first] = await runExecutor();
    expect(first).toMatchObject({ actionId, result: "deferred" });
    expect((await itemsOf(actionId))[0]!.error).toMatch(/while it is in vm_state building/);
    for (let i = 0; i < 10 && (await actionRow(actionId)).status !== "succeeded"; i++) {
      clock.advance(15_000);
      await runExecutor();
    }
    expect((await actionRow(actionId)).status).toBe("succeeded");
    expect(sim.getVm(created!.id)!.metadata[DRAIN_METADATA_KEY]).toBeDefined();
  });

  it("destroys VMs, and counts a VM already gone at the provider as destroyed", async () => {
    const sim = simOf(CERN);
    const [a, b] = await runningVmsOn(CERN);
    sim.deleteVm(b!.providerId);
    const { actionId } = await destroyVms({ db, actor: operator, input: { vmIds: [a!.id, b!.id], idempotencyKey: randomUUID() }, now: now() });
    expect(await runExecutor()).toEqual([{ actionId, result: "finished", status: "succeeded" }]);
    expect(sim.getVm(a!.providerId)?.phase ?? "deleted").toBe("deleted");
    expect(await vmRow(a!.id)).toMatchObject({ state: "terminated", destroyRequestedAt: expect.any(Date) });
  });

  it("tells a destroy the cloud refuses apart, with the provider's words", async () => {
    const [a] = await runningVmsOn(CERN);
    await db.update(vm).set({ providerId: "not-a-server" }).where(eq(vm.id, a!.id)).run();
    const { actionId } = await destroyVms({ db, actor: operator, input: { vmIds: [a!.id], idempotencyKey: randomUUID() }, now: now() });
    // Nova answers 404 for an unknown server: gone already, which is what a destroy wants.
    expect(await runExecutor()).toEqual([{ actionId, result: "finished", status: "succeeded" }]);
  });
});

describe("executor: every kind of cloud", () => {
  it.each(["FutureGrid Hotel", "StratusLab LAL", "Helix Nebula", "UVic Nefos"])("launches, drains and destroys on %s", async (name) => {
    const sim = simOf(name);
    const { actionId } = await launch(1, name);
    expect(await runExecutor()).toEqual([{ actionId, result: "booting", waiting: 1 }]);
    const [created] = tokenedVms(sim, actionId);
    expect(created).toBeDefined();
    expect(created!.userData.length).toBeGreaterThan(0);

    clock.advance(created!.bootedAt - clock.now() + 1_000);
    await poll();
    const row = (await db.select().from(vm).where(eq(vm.launchActionId, actionId)).get())!;
    expect(row.state).toBe("running");
    expect(await boots()).toEqual([{ actionId, status: "succeeded", error: null }]);
    const drain = await drainVms({ db, actor: operator, input: { vmIds: [row.id], idempotencyKey: randomUUID() }, now: now() });
    expect(await runExecutor()).toEqual([{ actionId: drain.actionId, result: "finished", status: "succeeded" }]);
    expect(sim.getVm(created!.id)!.metadata[DRAIN_METADATA_KEY]).toBeDefined();

    const destroy = await destroyVms({ db, actor: operator, input: { vmIds: [row.id], idempotencyKey: randomUUID() }, now: now() });
    expect(await runExecutor()).toEqual([{ actionId: destroy.actionId, result: "finished", status: "succeeded" }]);
    expect(sim.getVm(created!.id)?.phase ?? "deleted").toBe("deleted");
  });
});

describe("executor: no head-of-line blocking", () => {
  it("a destroy queued behind a 500-VM launch on a slow sim cloud finishes first", async () => {
    const slow = simOf(CERN);
    Object.assign(slow.quota, { instances: 1_000, cores: 10_000, ramMb: 10_000 * 1024 });
    await poll(); // the console learns the larger quota
    slow.setFaults({ latencyMs: 50 });
    const [doomed] = await runningVmsOn("UVic Nefos");
    const { actionId: launchId } = await launch(500);
    const launchedItems = async () => (await itemsOf(launchId)).filter((i) => i.vmId !== null).length;

    const executor = new ActionExecutor({ ...deps, concurrency: 4, cloudConcurrency: 2 });
    try {
      await executor.tick();
      await vi.waitFor(async () => expect(await launchedItems()).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });

      const { actionId: destroyId } = await destroyVms({ db, actor: operator, input: { vmIds: [doomed!.id], idempotencyKey: randomUUID() }, now: now() });
      await executor.tick();
      await vi.waitFor(async () => expect((await actionRow(destroyId)).status).toBe("succeeded"), { timeout: 10_000, interval: 20 });
      expect(simOf("UVic Nefos").getVm(doomed!.providerId)?.phase ?? "deleted").toBe("deleted");
      expect(await actionRow(launchId)).toMatchObject({ status: "running", claimedBy: "test-worker" });
      expect(await launchedItems()).toBeLessThan(500);
    } finally {
      await executor.stop();
    }
    // Stopping hands the unfinished launch back to the queue for the next worker.
    expect(await actionRow(launchId)).toMatchObject({ status: "queued", claimedBy: null, error: "Waiting to retry: its worker stopped" });
  });
});
