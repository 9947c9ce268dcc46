import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, actionItem, cloud, vm } from "@/db/schema";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import { destroyVms } from "../services/destroy-vms";
import { readPollTargets } from "../services/list-poll-targets";
import { upsertCloud } from "../services/upsert-cloud";
import { testActor } from "../testing/actors";
import { createVm, OPENSTACK_TEST_CREDENTIALS } from "../testing/factories";
import { executeNextAction, type ExecutorDeps } from "./executor";
import { PollTargetSource } from "./poll-targets";

const key = randomBytes(32);
const NOW = new Date("2026-03-01T12:00:00Z");
let db: Db;
let destroyed: string[];

function fakeDriver(config: DriverConfig): CloudDriver {
  return {
    kind: config.kind,
    listVms: async () => [],
    listFlavors: async () => [],
    listImages: async () => [],
    getQuota: async () => ({ instances: { used: 0, limit: null }, cores: { used: 0, limit: null }, ramMb: { used: 0, limit: null } }),
    launch: async () => ({ providerIds: [] }),
    setMetadata: async () => {},
    destroy: async (providerId) => {
      destroyed.push(providerId);
    },
  };
}

function addCloud(name: string): Promise<number> {
  return upsertCloud({ db, key, input: { name, kind: "openstack", endpoint: `http://127.0.0.1:1/${name}`, credentials: OPENSTACK_TEST_CREDENTIALS, timeoutMs: 1_000 } });
}

beforeEach(async () => {
  db = await openTestDb();
  destroyed = [];
});

afterEach(async () => {
  await closeDb(db);
});

describe("a cloud whose credentials cannot be opened", () => {
  it("is left out of the poll targets, with the reason, and the other clouds are still read", async () => {
    const good = await addCloud("good");
    const bad = await addCloud("bad");
    await db.update(cloud).set({ credentialsEnc: await upsertCloudSealedWithOtherKey() }).where(eq(cloud.id, bad)).run();
    const { targets, unreadable } = await readPollTargets({ db, key });
    expect(targets.map((t) => t.cloudId)).toEqual([good]);
    expect(unreadable).toEqual([{ cloudId: bad, name: "bad", enabled: true, reason: "Cannot open the stored credentials of bad: they were sealed with another key or are damaged" }]);
  });

  it("is shown down with the reason and logged once, and comes back when it can be read again", async () => {
    const good = await addCloud("good");
    const bad = await addCloud("bad");
    const sealed = (await db.select().from(cloud).where(eq(cloud.id, bad)).get())!.credentialsEnc;
    await db.update(cloud).set({ credentialsEnc: "garbage" }).where(eq(cloud.id, bad)).run();
    const log = vi.fn();
    const source = new PollTargetSource({ db, key, now: () => NOW, log });
    expect((await source.read()).map((t) => t.cloudId)).toEqual([good]);
    expect((await source.read()).map((t) => t.cloudId)).toEqual([good]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/not polling bad: Cannot open the stored credentials of bad/);
    expect(await db.select().from(cloud).where(eq(cloud.id, bad)).get()).toMatchObject({ status: "down", statusSince: NOW, statusReason: expect.stringMatching(/unknown format/) });
    expect(JSON.stringify(log.mock.calls)).not.toContain("garbage");

    await db.update(cloud).set({ credentialsEnc: sealed }).where(eq(cloud.id, bad)).run();
    expect((await source.read()).map((t) => t.cloudId)).toEqual([good, bad]);
  });

  it("fails only the actions on that cloud, with the reason; the others run", async () => {
    const good = await addCloud("good");
    const bad = await addCloud("bad");
    await db.update(cloud).set({ credentialsEnc: await upsertCloudSealedWithOtherKey() }).where(eq(cloud.id, bad)).run();
    const onGood = await createVm(db, { cloudId: good });
    const onBad = await createVm(db, { cloudId: bad });
    const operator = testActor("operator");
    const { actionId } = await destroyVms({ db, actor: operator, input: { vmIds: [onBad.id, onGood.id], idempotencyKey: randomUUID() }, now: NOW });
    const deps: ExecutorDeps = { db, key, now: () => NOW, workerId: "w", leaseMs: 30_000, createDriver: fakeDriver, concurrency: 2 };
    expect(await executeNextAction(deps)).toEqual({ actionId, result: "finished", status: "failed" });
    expect(destroyed).toEqual([onGood.providerId]);
    const items = await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).orderBy(actionItem.seq).all();
    expect(items.map((i) => [i.vmId, i.status])).toEqual([
      [onBad.id, "failed"],
      [onGood.id, "succeeded"],
    ]);
    expect(items[0]!.error).toMatch(/Cannot open the stored credentials of bad/);
    // Not recorded as destroyed: the VM is still there as far as we know.
    expect(await db.select().from(vm).where(eq(vm.id, onBad.id)).get()).toMatchObject({ state: "running", destroyRequestedAt: null });
  });
});

describe("an action whose stored parameters are malformed", () => {
  it("fails its items saying which field, instead of running on guesses", async () => {
    const good = await addCloud("good");
    const v = await createVm(db, { cloudId: good });
    const { actionId } = await destroyVms({ db, actor: testActor("operator"), input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    await db.update(action).set({ params: JSON.stringify({ vmIds: "all" }) }).where(eq(action.id, actionId)).run();
    const deps: ExecutorDeps = { db, key, now: () => NOW, workerId: "w", leaseMs: 30_000, createDriver: fakeDriver, concurrency: 1 };
    expect(await executeNextAction(deps)).toEqual({ actionId, result: "finished", status: "failed" });
    expect(destroyed).toEqual([]);
    expect((await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).get())!.error).toMatch(/^Not run: the stored destroy parameters are malformed at "vmIds"/);
  });
});

async function upsertCloudSealedWithOtherKey(): Promise<string> {
  const other = await openTestDb();
  try {
    const id = await upsertCloud({ db: other, key: randomBytes(32), input: { name: "x", kind: "openstack", endpoint: "http://127.0.0.1:1", credentials: OPENSTACK_TEST_CREDENTIALS, timeoutMs: 1_000 } });
    return (await other.select().from(cloud).where(eq(cloud.id, id)).get())!.credentialsEnc;
  } finally {
    await closeDb(other);
  }
}
