import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, auditLog, siteParamVersion } from "@/db/schema";
import { defaultSiteParams } from "@/server/domain/site-params";
import { createCloud, createCloudImage, createFlavor, createQuota } from "@/server/testing/factories";
import { testActor } from "@/server/testing/actors";
import { actOnAutoscalePlan } from "./act-on-autoscale-plan";
import { setAutoscalePause } from "./autoscale-pause";
import { getAutoscalePlan } from "./get-autoscale-plan";
import { updateAutoscalePolicy } from "./autoscale-policies";
import { getQueue } from "./list-queues";
import { recordQueuePoll } from "./record-queue-poll";
import { upsertQueues } from "./upsert-queues";

const NOW = new Date(Date.UTC(2026, 11, 3, 14, 0, 5));
const TICK_MS = 60_000;

describe("the autoscaler acting on its plan", () => {
  let db: Db;
  let cloudId: number;
  let queueId: number;

  beforeEach(async () => {
    db = await openTestDb();
    cloudId = (await createCloud(db, { name: "LxCloud" })).id;
    await createCloudImage(db, { cloudId, providerId: "img-1", name: "CernVM", status: "active", seenAt: NOW });
    await createFlavor(db, { cloudId, providerId: "m1.large", name: "m1.large", vcpus: 4, ramMb: 8192, diskGb: 80, seenAt: NOW });
    await createQuota(db, { cloudId, resource: "instances", used: 0, limit: 100, seenAt: NOW });
    await db.insert(siteParamVersion).values({ cloudId, version: 1, params: JSON.stringify(defaultSiteParams("LxCloud")), createdByName: "test", createdAt: NOW }).run();
    await upsertQueues({ db, key: Buffer.alloc(32, 1), queues: [{ name: "IAAS_CA", clouds: ["LxCloud"], endpoint: "http://panda.test/api/v1", token: "t" }], now: NOW });
    queueId = (await getQueue({ db, name: "IAAS_CA" })).id;
    const counts = { activated: 400, starting: 0, running: 0, holding: 0, finished: 0, failed: 0, cancelled: 0 };
    await recordQueuePoll({ db, input: { queues: [{ id: queueId, name: "IAAS_CA", pollSec: 60 }], now: NOW, latencyMs: 5, result: { ok: true, counts: new Map([["IAAS_CA", counts]]) } } });
  });
  afterEach(() => closeDb(db));

  const savePolicy = (acting: boolean, basedOnVersion = 0) =>
    updateAutoscalePolicy({ db, actor: testActor("operator"), input: { queueId, basedOnVersion, policy: { acting, clouds: [{ cloudId, weight: 1, image: "img-1", flavor: "m1.large" }] } }, now: NOW });

  it("queues nothing in dry-run; acting, it queues the plan's launch with its sentence once per tick, and counts it on the next tick", async () => {
    await savePolicy(false);
    expect((await actOnAutoscalePlan({ db, now: NOW, tickMs: TICK_MS })).actionIds).toEqual([]);

    await savePolicy(true, 1);
    const first = await actOnAutoscalePlan({ db, now: NOW, tickMs: TICK_MS });
    expect(first.refused).toEqual([]);
    expect(first.actionIds).toHaveLength(1);
    const launch = await db.select().from(action).where(eq(action.id, first.actionIds[0]!)).get();
    expect(launch).toMatchObject({ kind: "launch", requestedByName: "autoscaler", status: "queued" });
    expect(JSON.parse(launch!.params)).toMatchObject({ count: 5, queue: "IAAS_CA", reason: "LxCloud: +5 VMs: 400 activated and 0 running jobs at 8 jobs/VM need 50, 0 live; at most 5 per cloud per tick" });
    expect(await db.select().from(auditLog).where(eq(auditLog.verb, "vms.launch")).all()).toEqual([expect.objectContaining({ summary: expect.stringMatching(/for IAAS_CA: LxCloud: \+5 VMs: /) })]);

    // A worker restarted within the same tick finds its action instead of queueing a second.
    expect((await actOnAutoscalePlan({ db, now: new Date(NOW.getTime() + 20_000), tickMs: TICK_MS })).actionIds).toEqual(first.actionIds);
    // The next tick counts the five queued VMs as requested and asks for five more, not ten.
    const next = await actOnAutoscalePlan({ db, now: new Date(NOW.getTime() + TICK_MS), tickMs: TICK_MS });
    const second = await db.select().from(action).where(eq(action.id, next.actionIds[0]!)).get();
    expect(JSON.parse(second!.params).reason).toMatch(/need 50, 5 live;/);
    expect(await db.select().from(action).all()).toHaveLength(2);
  });

  it("stops all of it while paused, saying who paused it and why, and starts again on resume", async () => {
    await savePolicy(true);
    await setAutoscalePause({ db, actor: testActor("operator"), input: { paused: true, reason: "INC-42: Keystone outage" }, now: NOW });
    expect(await getAutoscalePlan({ db, now: NOW })).toEqual([expect.objectContaining({ kind: "hold", reason: "Autoscaling is paused by operator: INC-42: Keystone outage" })]);
    expect((await actOnAutoscalePlan({ db, now: NOW, tickMs: TICK_MS })).actionIds).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.verb, "autoscale.pause")).all()).toEqual([expect.objectContaining({ summary: "Paused all autoscaling: INC-42: Keystone outage" })]);

    await setAutoscalePause({ db, actor: testActor("operator"), input: { paused: false }, now: NOW });
    expect((await actOnAutoscalePlan({ db, now: NOW, tickMs: TICK_MS })).actionIds).toHaveLength(1);
  });
});
