import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createCloud, createCloudImage, createFlavor, createQuota, createVms } from "@/server/testing/factories";
import { testActor } from "@/server/testing/actors";
import { getCurrentPolicy, updateAutoscalePolicy } from "./autoscale-policies";
import { getAutoscalePlan } from "./get-autoscale-plan";
import { getQueue } from "./list-queues";
import { recordQueuePoll } from "./record-queue-poll";
import { upsertQueues } from "./upsert-queues";

const NOW = new Date(Date.UTC(2026, 11, 3, 14, 0));
const operator = testActor("operator");

describe("autoscaling policies and the plan", () => {
  let db: Db;
  let cloudId: number;
  let queueId: number;

  beforeEach(async () => {
    db = await openTestDb();
    cloudId = (await createCloud(db, { name: "LxCloud" })).id;
    await createCloudImage(db, { cloudId, providerId: "img-1", name: "CernVM", status: "active", seenAt: NOW });
    await createFlavor(db, { cloudId, providerId: "m1.large", name: "m1.large", vcpus: 4, ramMb: 8192, diskGb: 80, seenAt: NOW });
    await createQuota(db, { cloudId, resource: "instances", used: 10, limit: 13, seenAt: NOW });
    await upsertQueues({ db, key: Buffer.alloc(32, 1), queues: [{ name: "IAAS_CA", clouds: ["LxCloud"], endpoint: "http://panda.test/api/v1", token: "t" }], now: NOW });
    queueId = (await getQueue({ db, name: "IAAS_CA" })).id;
  });
  afterEach(() => closeDb(db));

  const policy = (overrides: Record<string, unknown> = {}) => ({ clouds: [{ cloudId, weight: 1, image: "img-1", flavor: "m1.large" }], jobsPerVm: 8, ...overrides });

  it("saves versions with an audit entry, refuses what the cloud does not serve and a stale edit, naming the field", async () => {
    expect(await updateAutoscalePolicy({ db, actor: operator, input: { queueId, basedOnVersion: 0, policy: policy() }, now: NOW })).toEqual({ version: 1, created: true });
    expect((await getCurrentPolicy({ db, input: { queueId } }))?.policy).toMatchObject({ acting: false, jobsPerVm: 8 });
    const audit = await db.select().from(auditLog).where(eq(auditLog.verb, "autoscale.edit")).all();
    expect(audit).toEqual([expect.objectContaining({ actorName: "operator", summary: "Autoscaling policy of IAAS_CA v1 (dry-run, 0-50 VMs, 8 jobs/VM)" })]);

    await expect(updateAutoscalePolicy({ db, actor: operator, input: { queueId, basedOnVersion: 1, policy: policy({ clouds: [{ cloudId, weight: 1, image: "img-9", flavor: "m1.large" }] }) } })).rejects.toThrow(
      'clouds.0.image: LxCloud does not serve the image "img-9"',
    );
    await expect(updateAutoscalePolicy({ db, actor: operator, input: { queueId, basedOnVersion: 0, policy: policy({ jobsPerVm: 4 }) } })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("plans from PanDA's counts, the policy in force, the quota and the live VMs, and holds when PanDA fails", async () => {
    await updateAutoscalePolicy({ db, actor: operator, input: { queueId, basedOnVersion: 0, policy: policy() }, now: NOW });
    await createVms(db, 10, () => ({ cloudId, queue: "IAAS_CA", state: "running", runningAt: NOW }));
    const counts = { activated: 160, starting: 0, running: 80, holding: 0, finished: 0, failed: 0, cancelled: 0 };
    const queues = [{ id: queueId, name: "IAAS_CA", pollSec: 60 }];
    await recordQueuePoll({ db, input: { queues, now: NOW, latencyMs: 5, result: { ok: true, counts: new Map([["IAAS_CA", counts]]) } } });
    expect(await getAutoscalePlan({ db, now: NOW })).toEqual([
      expect.objectContaining({ kind: "launch", count: 3, reason: "LxCloud: +3 VMs: 160 activated and 80 running jobs at 8 jobs/VM need 30, 10 live; quota allows 3" }),
    ]);
    await recordQueuePoll({ db, input: { queues, now: new Date(NOW.getTime() + 60_000), latencyMs: 5, result: { ok: false, error: "PanDA answered HTTP 503" } } });
    expect(await getAutoscalePlan({ db, now: NOW })).toEqual([expect.objectContaining({ kind: "hold", reason: expect.stringContaining("(PanDA answered HTTP 503)") })]);
  });
});
