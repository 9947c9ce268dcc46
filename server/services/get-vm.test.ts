import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog, vm, vmEvent } from "@/db/schema";
import { eq } from "drizzle-orm";
import { testActor } from "@/server/testing/actors";
import { createCloud, createCloudImage, createFlavor, createVm } from "@/server/testing/factories";
import { insertAction } from "./lib/action-rows";
import { ServiceError } from "./lib/errors";
import { drainVms } from "./drain-vms";
import { archiveEndedVms } from "./archive-ended-vms";
import { getVm } from "./get-vm";

const operator = testActor("operator", { name: "alice" });

describe("getVm", () => {
  let db: Db;
  let cloudId: number;

  beforeEach(async () => {
    db = await openTestDb();
    cloudId = (await createCloud(db, { name: "cern-openstack" })).id;
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("throws NOT_FOUND for an unknown id", async () => {
    await expect(getVm({ db, input: { vmId: 999 } })).rejects.toMatchObject(new ServiceError("NOT_FOUND", "VM #999 does not exist"));
  });

  it("finds an archived VM under its id, marked archived, with its transitions", async () => {
    const made = await createVm(db, { cloudId, name: "old-worker", state: "terminated", stateChangedAt: new Date("2026-01-01T00:00:00Z") });
    await db.insert(vmEvent).values({ vmId: made.id, cloudId, at: new Date("2026-01-01T00:00:00Z"), fromState: "running", toState: "terminated", rawState: "DELETED" }).run();
    await archiveEndedVms({ db, input: { now: new Date("2026-02-01T00:00:00Z"), retentionMs: 86_400_000 } });

    const detail = await getVm({ db, input: { vmId: made.id } });

    expect(detail).toMatchObject({ id: made.id, name: "old-worker", cloudName: "cern-openstack", archived: true });
    expect(detail.events.map((e) => e.toState)).toEqual(["terminated"]);
  });

  it("names the cloud, image and flavor, and keeps the provider's state and error", async () => {
    await createCloudImage(db, { cloudId, providerId: "img-1", name: "alma9-worker" });
    await createFlavor(db, { cloudId, providerId: "fl-1", name: "m1.large" });
    const made = await createVm(db, { cloudId, providerId: "os-abc", imageRef: "img-1", flavorRef: "fl-1", state: "error", rawState: "ERROR", lastError: "No valid host was found" });

    const detail = await getVm({ db, input: { vmId: made.id } });

    expect(detail).toMatchObject({ archived: false, cloudName: "cern-openstack", providerId: "os-abc", imageName: "alma9-worker", flavorName: "m1.large", state: "error", rawState: "ERROR", lastError: "No valid host was found" });
  });

  it("lists its transitions in order, and the launch and drain that touched it with their audit entries", async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const made = await createVm(db, { cloudId, state: "running" });
    const other = await createVm(db, { cloudId, state: "running" });
    const launchId = await db.transaction((tx) =>
      insertAction(tx, { kind: "launch", idempotencyKey: "00000000-0000-4000-8000-000000000003", cloudId, actor: operator, now, params: {}, items: [{ cloudId, vmId: made.id, token: "tok-123" }] }),
    );
    await db.update(vm).set({ launchActionId: launchId }).where(eq(vm.id, made.id)).run();
    await db.insert(auditLog).values({ at: now, actorName: "alice", verb: "vms.launch", targetType: "action", targetId: String(launchId), summary: "Launch 1 VM" }).run();
    await db
      .insert(vmEvent)
      .values([
        { vmId: made.id, cloudId, at: new Date("2026-01-01T10:05:00Z"), fromState: "booting", toState: "running", rawState: "ACTIVE" },
        { vmId: made.id, cloudId, at: new Date("2026-01-01T10:01:00Z"), fromState: null, toState: "booting", rawState: "BUILD" },
        { vmId: other.id, cloudId, at: now, fromState: null, toState: "running", rawState: "ACTIVE" },
      ])
      .run();
    const drained = await drainVms({ db, actor: operator, input: { vmIds: [made.id], idempotencyKey: "00000000-0000-4000-8000-000000000001" }, now: new Date("2026-01-01T11:00:00Z") });
    await drainVms({ db, actor: operator, input: { vmIds: [other.id], idempotencyKey: "00000000-0000-4000-8000-000000000002" }, now: new Date("2026-01-01T11:00:00Z") });

    const detail = await getVm({ db, input: { vmId: made.id } });

    expect(detail.events.map((e) => [e.fromState, e.toState, e.rawState])).toEqual([
      [null, "booting", "BUILD"],
      ["booting", "running", "ACTIVE"],
    ]);
    expect(detail.actions.map((a) => [a.id, a.kind])).toEqual([
      [launchId, "launch"],
      [drained.actionId, "drain"],
    ]);
    expect(detail.launchToken).toBe("tok-123");
    expect(detail.drainRequestedAt).toEqual(new Date("2026-01-01T11:00:00Z"));
    expect(detail.audit.map((a) => a.verb)).toEqual(["vms.drain", "vms.launch"]);
  });
});
