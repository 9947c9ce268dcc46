import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, migrateDb, openDb, type Db } from "@/db/client";
import { action, actionItem, cloud, cloudImage, vm } from "@/db/schema";
import { createDriver } from "../clouds/registry";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { ensureDemoSiteParams } from "../services/ensure-demo-site-params";
import { launchVms } from "../services/launch-vms";
import { listPollTargets } from "../services/list-poll-targets";
import { upsertCloud } from "../services/upsert-cloud";
import { testActor } from "../testing/actors";
import { runCollectorPass } from "./collector";

const repoRoot = path.resolve(__dirname, "../..");
const CERN = "CERN LxCloud";
const COUNT = 20;

let tmp: string;
let fleet: DemoFleet;
let db: Db;
let keyHex: string;
const workers: ChildProcess[] = [];
const output: string[] = [];

/**
 * The real worker process on the test's database file: node itself with tsx's loader, so the
 * pid is the worker's (the tsx CLI would run it in a grandchild that outlives a SIGKILL).
 */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/worker/main.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CLOUDSCOPE_DATABASE_URL: "",
      CLOUDSCOPE_DB: path.join(tmp, "cloudscope.db"),
      CLOUDSCOPE_SECRET_KEY: keyHex,
      CLOUDSCOPE_ACTION_LEASE_MS: "1000",
      CLOUDSCOPE_ACTION_CONCURRENCY: "2",
      CLOUDSCOPE_EXECUTOR_TICK_MS: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  workers.push(child);
  return child;
}

async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}\n--- worker output ---\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}

/**
 * The worker processes share the test's own SQLite file, so the PostgreSQL run of the suite
 * would only repeat the SQLite one.
 */
const onPostgresRun = Boolean(process.env.CLOUDSCOPE_TEST_DATABASE_URL);

describe.skipIf(onPostgresRun)("crash safety", () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-crash-"));
    const key = randomBytes(32);
    keyHex = key.toString("hex");
    fleet = await startDemoFleet({ autopilotMs: null, seed: 4242 });
    db = openDb({ url: "", file: path.join(tmp, "cloudscope.db") });
    await migrateDb(db);
    for (const { spec, endpoint } of fleet.clouds) {
      await upsertCloud({ db, key, input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 3_000, demo: true } });
    }
    await ensureDemoSiteParams({ db, actor: testActor("admin") });
    const { errors } = await runCollectorPass({ db, now: () => new Date(), random: Math.random, createDriver }, await listPollTargets({ db, key }));
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
    await Promise.all(workers.map(exited));
    await fleet?.close();
    if (db) await closeDb(db);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("a worker killed during a 20-VM launch is replaced, and the launch ends with exactly 20 VMs", async () => {
    const cern = fleet.clouds.find((c) => c.spec.name === CERN)!;
    cern.sim.setFaults({ latencyMs: 50 });
    const cloudId = (await db.select().from(cloud).where(eq(cloud.name, CERN)).get())!.id;
    const image = (await db.select().from(cloudImage).where(eq(cloudImage.cloudId, cloudId)).orderBy(cloudImage.providerId).get())!;
    const { actionId } = await launchVms({
      db,
      actor: testActor("operator"),
      input: { cloudId, imageId: image.providerId, flavorId: "m1.medium", queue: "CERN-PROD_CLOUD", count: COUNT, idempotencyKey: randomUUID() },
    });
    const succeededItems = async () =>
      (
        await db
          .select({ id: actionItem.id })
          .from(actionItem)
          .where(and(eq(actionItem.actionId, actionId), eq(actionItem.status, "succeeded")))
          .all()
      ).length;

    const first = startWorker();
    const doneBeforeKill = await waitFor(
      "a few launched VMs",
      async () => {
        const done = await succeededItems();
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
    expect(await succeededItems()).toBeLessThan(COUNT);
    expect(await succeededItems()).toBeGreaterThanOrEqual(doneBeforeKill);

    startWorker();
    const finished = await waitFor(
      "the resumed launch to finish",
      async () => {
        const a = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
        return a.status === "succeeded" || a.status === "failed" ? a : null;
      },
      12_000,
      50,
    );
    expect(finished).toMatchObject({ status: "succeeded", total: COUNT, succeeded: COUNT, failed: 0 });
    expect(finished.attempts).toBeGreaterThanOrEqual(2);

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
  }, 30_000);
});
