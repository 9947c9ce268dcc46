import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDb, migrateDb, openDb, type Db } from "@/db/client";
import { cloud, pollState } from "@/db/schema";
import { createDriver } from "../clouds/driver-registry";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { listPollTargets } from "../services/list-poll-targets";
import { upsertCloud } from "../services/upsert-cloud";
import { runCollectorPass } from "./collector";

/**
 * SQLite's one writer: a web process writing while the worker records a poll. Not a
 * PostgreSQL concern (row locks and retried serializable transactions), so SQLite only.
 */
const key = crypto.randomBytes(32);
let dir: string;
let fleet: DemoFleet;
let worker: Db;
let web: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-busy-"));
  const file = path.join(dir, "cloudscope.db");
  fleet = await startDemoFleet({ autopilotMs: null, seed: 31 });
  worker = openDb({ url: "", file, busyTimeoutMs: 300 });
  web = openDb({ url: "", file, synchronous: "FULL", busyTimeoutMs: 300 });
  await migrateDb(worker);
  const { spec, endpoint } = fleet.clouds[0]!;
  await upsertCloud({ db: worker, key, input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 2_000 } });
});

afterEach(async () => {
  await fleet.close();
  await closeDb(worker);
  await closeDb(web);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The web holds the write lock (a transaction in progress) for `ms`, then commits. */
function webWritesFor(ms: number): Promise<void> {
  return web.transaction(async (tx) => {
    await tx.update(cloud).set({ operatorReason: "web write" }).run();
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

describe.skipIf(Boolean(process.env.CLOUDSCOPE_TEST_DATABASE_URL))("a web write during a worker's poll (SQLite)", () => {
  it("the poll waits for the lock and succeeds; the cloud stays up", async () => {
    const targets = await listPollTargets({ db: worker, key });
    const writing = webWritesFor(150);
    const { results, errors } = await runCollectorPass({ db: worker, now: () => new Date(), random: () => 0.5, createDriver }, targets, { resources: ["vms"] });
    await writing;
    expect(errors).toEqual([]);
    expect(results).toHaveLength(1);
    expect((await worker.select().from(cloud).get())!.status).toBe("up");
  });

  it("a lock held past every retry is our database's error, never the cloud's: nothing recorded against it", async () => {
    const report = vi.fn();
    const targets = await listPollTargets({ db: worker, key });
    const writing = webWritesFor(2_500);
    const { errors } = await runCollectorPass({ db: worker, now: () => new Date(), random: () => 0.5, createDriver, report }, targets, { resources: ["vms"] });
    await writing;
    expect(errors).toEqual([expect.objectContaining({ failedAt: "database" })]);
    const c = (await worker.select().from(cloud).get())!;
    expect(c.status).not.toBe("down");
    expect(c.statusReason ?? "").not.toMatch(/locked|busy|reach/i);
    expect(await worker.select().from(pollState).where(eq(pollState.cloudId, c.id)).all()).toEqual([]);
  });
});
