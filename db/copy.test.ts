import crypto, { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriver } from "@/server/clouds/driver-registry";
import { ensureDemoSiteParams } from "@/server/services/ensure-demo-site-params";
import { getCloudDetail } from "@/server/services/get-cloud-detail";
import { getOverview } from "@/server/services/get-overview";
import { getVmStateSeries } from "@/server/services/get-vm-state-series";
import { launchVms } from "@/server/services/launch-vms";
import { listActions, listActionsInput } from "@/server/services/list-actions";
import { listAuditLog, listAuditLogInput } from "@/server/services/list-audit-log";
import { listPollTargets } from "@/server/services/list-poll-targets";
import { listVms, listVmsInput } from "@/server/services/list-vms";
import { upsertCloud } from "@/server/services/upsert-cloud";
import { openSecret } from "@/server/secrets";
import { startDemoFleet, type DemoFleet } from "@/server/sim/fleet";
import { testActor } from "@/server/testing/actors";
import { runCollectorPass } from "@/server/worker/collector";
import { closeDb, migrateDb, openDb, openTestDb, type Db } from "./client";
import { copyDatabase } from "./copy";
import { action, cloud, session, user, vm } from "./schema";

const key = crypto.randomBytes(32);
const now = new Date();
let fleet: DemoFleet;
let from: Db;
let to: Db;

/** An embedded installation with a bit of everything: polled clouds, a launch, audit, a user with a session. */
beforeAll(async () => {
  fleet = await startDemoFleet({ autopilotMs: null, seed: 5150 });
  from = openDb({ url: "", file: ":memory:" });
  await migrateDb(from);
  for (const { spec, endpoint } of fleet.clouds) {
    await upsertCloud({ db: from, key, input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 3_000, demo: true } });
  }
  await ensureDemoSiteParams({ db: from, actor: testActor("admin") });
  const deps = { db: from, now: () => now, random: () => 0.5, createDriver };
  const { errors } = await runCollectorPass(deps, await listPollTargets({ db: from, key }));
  expect(errors).toEqual([]);
  const cern = (await from.select().from(cloud).orderBy(cloud.id).get())!;
  const image = (await getCloudDetail({ db: from, input: { id: cern.id } }))!.images[0]!;
  await launchVms({ db: from, actor: testActor("operator"), input: { cloudId: cern.id, imageId: image.providerId, flavorId: "m1.medium", queue: "CERN-PROD_CLOUD", count: 3, idempotencyKey: randomUUID() } });
  await from.insert(user).values({ id: "u-ann", name: "Ann", email: "ann@users.cloudscope.invalid", username: "ann", role: "admin", createdAt: now, updatedAt: now }).run();
  await from.insert(session).values({ id: "s-1", token: "tok-1", userId: "u-ann", expiresAt: new Date(now.getTime() + 3_600_000), createdAt: now, updatedAt: now }).run();

  to = await openTestDb();
  await copyDatabase(from, to);
});

afterAll(async () => {
  await fleet?.close();
  if (from) await closeDb(from);
  if (to) await closeDb(to);
});

describe("db:copy", () => {
  it("the copy answers every page's queries with the same numbers", async () => {
    const both = async <T>(read: (db: Db) => Promise<T>) => [await read(from), await read(to)] as const;
    const pairs = [
      await both((db) => getOverview({ db })),
      await both((db) => listVms({ db, input: listVmsInput.parse({}) })),
      await both((db) => listVms({ db, input: listVmsInput.parse({ states: ["running"], sort: "name", dir: "desc" }) })),
      await both((db) => listAuditLog({ db, input: listAuditLogInput.parse({}) })),
      await both((db) => listActions({ db, input: listActionsInput.parse({}) })),
      await both((db) => getVmStateSeries({ db, input: { range: "24h" }, now })),
      await both(async (db) => getCloudDetail({ db, input: { id: (await db.select().from(cloud).orderBy(cloud.id).get())!.id } })),
    ];
    for (const [source, copy] of pairs) expect(copy).toEqual(source);
    expect((await getOverview({ db: to })).totals.live).toBeGreaterThan(0);
  });

  it("keeps sealed credentials readable with the same key, users and their sessions", async () => {
    const sealed = (await to.select({ c: cloud.credentialsEnc }).from(cloud).orderBy(cloud.id).get())!.c;
    expect(openSecret(key, sealed)).toMatchObject({});
    expect(await to.select({ token: session.token, userId: session.userId }).from(session).all()).toEqual([{ token: "tok-1", userId: "u-ann" }]);
  });

  it("new rows continue after the copied ids", async () => {
    const maxAction = (await to.select({ id: action.id }).from(action).orderBy(action.id).all()).at(-1)!.id;
    const cern = (await to.select().from(cloud).orderBy(cloud.id).get())!;
    const image = (await getCloudDetail({ db: to, input: { id: cern.id } }))!.images[0]!;
    const { actionId } = await launchVms({ db: to, actor: testActor("operator"), input: { cloudId: cern.id, imageId: image.providerId, flavorId: "m1.medium", queue: "CERN-PROD_CLOUD", count: 1, idempotencyKey: randomUUID() } });
    expect(actionId).toBeGreaterThan(maxAction);
    const maxVm = (await to.select({ id: vm.id }).from(vm).orderBy(vm.id).all()).at(-1)!.id;
    const [inserted] = await to.insert(vm).values({ cloudId: cern.id, providerId: "new", name: "new", state: "running", rawState: "ACTIVE", lastSeenAt: now, stateChangedAt: now }).returning({ id: vm.id });
    expect(inserted!.id).toBeGreaterThan(maxVm);
  });

  it("refuses a target that is not empty, writing nothing", async () => {
    await expect(copyDatabase(from, to)).rejects.toThrow(/not empty/);
  });
});
