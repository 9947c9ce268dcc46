import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, actionItem, auditLog, cloud, siteParamVersion, vm } from "@/db/schema";
import { appRouter } from "@/server/routers/_app";
import { defaultSiteParams } from "@/server/domain/site-params";
import { testActor } from "@/server/testing/actors";
import { createCloud, createCloudImage, createFlavor, createQuota, createVm } from "@/server/testing/factories";
import { createCallerFactory } from "@/server/trpc/init";
import { cancelAction } from "./cancel-action";
import { destroyVms } from "./destroy-vms";
import { drainVms } from "./drain-vms";
import { endFinishedDrains } from "./end-finished-drains";
import { ServiceError } from "./lib/errors";
import { launchVms } from "./launch-vms";
import { failQueuedItems, recordItemFailed, recordLaunchedVm } from "./record-action-item";
import { previewSelection } from "./preview-selection";
import { retryAction } from "./retry-action";
import { setCloudEnabled } from "./set-cloud-enabled";
import { setCloudPaused } from "./set-cloud-paused";
import { settleLaunchBoots } from "./settle-launch-boots";

const operator = testActor("operator");
const NOW = new Date("2026-03-01T12:00:00Z");
let db: Db;

/** A cloud ready for launches: one image, one 4-core flavor, quota with 12 cores free. */
async function openCloud(name = "CERN LxCloud", overrides: Partial<typeof cloud.$inferInsert> = {}) {
  const c = await createCloud(db, { name, ...overrides });
  await createFlavor(db, { cloudId: c.id, providerId: "m1.large", name: "m1.large", vcpus: 4, ramMb: 8192 });
  await createCloudImage(db, { cloudId: c.id, providerId: "img-1", name: "CernVM 3.4" });
  const seenAt = new Date(NOW.getTime() - 60_000);
  await createQuota(db, { cloudId: c.id, resource: "instances", used: 60, limit: 120, seenAt });
  await createQuota(db, { cloudId: c.id, resource: "cores", used: 468, limit: 480, seenAt });
  await db
    .insert(siteParamVersion)
    .values({ cloudId: c.id, version: 1, params: JSON.stringify(defaultSiteParams(name)), createdByName: "test", createdAt: seenAt })
    .run();
  return c;
}

function launchInput(cloudId: number, count: number, idempotencyKey = randomUUID()) {
  return { cloudId, imageId: "img-1", flavorId: "m1.large", queue: "CERN-PROD_CLOUD", count, idempotencyKey };
}

async function refusal(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

const vmRow = async (id: number) => (await db.select().from(vm).where(eq(vm.id, id)).get())!;
const itemOf = async (actionId: number) => (await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).get())!;
const countRows = async (table: typeof action | typeof actionItem | typeof auditLog) => (await db.select().from(table).all()).length;

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  await closeDb(db);
});

describe("launchVms", () => {
  it("queues one action with an item per VM, each with its launch token, and audits it", async () => {
    const c = await openCloud();
    const { actionId, existing } = await launchVms({ db, actor: operator, input: launchInput(c.id, 3), now: NOW });
    expect(existing).toBe(false);
    const a = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
    expect(a).toMatchObject({ kind: "launch", status: "queued", total: 3, cloudId: c.id, requestedByName: "operator" });
    expect(JSON.parse(a.params)).toMatchObject({ count: 3, cloudName: "CERN LxCloud", imageName: "CernVM 3.4", flavorName: "m1.large" });
    const items = await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).orderBy(actionItem.seq).all();
    expect(items.map((i) => [i.seq, i.token, i.status])).toEqual([
      [0, `cs-${actionId}-0`, "queued"],
      [1, `cs-${actionId}-1`, "queued"],
      [2, `cs-${actionId}-2`, "queued"],
    ]);
    const audit = (await db.select().from(auditLog).get())!;
    expect(audit).toMatchObject({ verb: "vms.launch", targetType: "action", targetId: String(actionId), actorName: "operator", ip: "192.0.2.1" });
    expect(audit.summary).toBe("Launch 3 × m1.large (CernVM 3.4) on CERN LxCloud for CERN-PROD_CLOUD");
  });

  it("answers the same idempotency key with the same action and creates nothing more", async () => {
    const c = await openCloud();
    const input = launchInput(c.id, 2);
    const first = await launchVms({ db, actor: operator, input, now: NOW });
    const second = await launchVms({ db, actor: operator, input, now: NOW });
    expect(second).toEqual({ actionId: first.actionId, existing: true });
    expect([await countRows(action), await countRows(actionItem), await countRows(auditLog)]).toEqual([1, 2, 1]);
  });

  it("answers the same request sent twice at once with one action", async () => {
    const c = await openCloud();
    const input = launchInput(c.id, 2);
    const [a, b] = await Promise.all([launchVms({ db, actor: operator, input, now: NOW }), launchVms({ db, actor: operator, input, now: NOW })]);
    expect(a.actionId).toBe(b.actionId);
    expect([a.existing, b.existing].sort()).toEqual([false, true]);
    expect([await countRows(action), await countRows(actionItem), await countRows(auditLog)]).toEqual([1, 2, 1]);
  });

  it("refuses someone else's idempotency key instead of answering with their action", async () => {
    const c = await openCloud();
    const input = launchInput(c.id, 1);
    await launchVms({ db, actor: operator, input, now: NOW });
    const err = await refusal(() => launchVms({ db, actor: testActor("admin"), input, now: NOW }));
    expect(err.code).toBe("CONFLICT");
    expect(await countRows(action)).toBe(1);
  });

  it("refuses a launch over quota before queueing, with the numbers", async () => {
    const c = await openCloud();
    const err = await refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 40), now: NOW }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toBe("Over quota on CERN LxCloud: 40 VMs need 160 cores, 12 of 480 free");
    expect([await countRows(action), await countRows(actionItem), await countRows(auditLog)]).toEqual([0, 0, 0]);
  });

  it("counts VMs already requested but not yet seen by the cloud's quota", async () => {
    const c = await openCloud();
    await launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW });
    const err = await refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW }));
    expect(err.message).toBe("Over quota on CERN LxCloud: 2 VMs need 8 cores, 4 of 480 free (8 already requested and not yet counted by the cloud)");
    // A VM we launched after the last quota reading counts too; one the reading saw does not.
    await db.delete(actionItem).run();
    await createVm(db, { cloudId: c.id, flavorRef: "m1.large", state: "requested", launchActionId: 1, requestedAt: NOW });
    await createVm(db, { cloudId: c.id, flavorRef: "m1.large", state: "running", launchActionId: 1, requestedAt: new Date(NOW.getTime() - 3_600_000) });
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 3), now: NOW }))).message).toMatch(/12 cores, 8 of 480 free/);
  });

  it("refuses paused, disabled and unknown clouds, saying why", async () => {
    const paused = await openCloud("UVic Nefos", { paused: true, operatorReason: "hypervisor upgrade" });
    const disabled = await openCloud("Helix Nebula", { enabled: false, operatorReason: "contract ended" });
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(paused.id, 1) }))).message).toBe(
      "UVic Nefos is paused (hypervisor upgrade): it takes no launches until an operator resumes it",
    );
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(disabled.id, 1) }))).message).toMatch(/^Helix Nebula is disabled \(contract ended\)/);
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(999, 1) }))).message).toBe("Cloud 999 does not exist");
    const down = await openCloud("StratusLab LAL", { status: "down", statusReason: "VM poll failed 5 times: connection refused" });
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(down.id, 1) }))).message).toBe(
      "StratusLab LAL is down (VM poll failed 5 times: connection refused): a launch would fail; try again once it answers",
    );
  });

  it("refuses an image or flavor the cloud does not offer, and a cloud without site parameters", async () => {
    const c = await openCloud();
    expect((await refusal(() => launchVms({ db, actor: operator, input: { ...launchInput(c.id, 1), imageId: "nope" } }))).message).toBe(
      "Image nope is not among the images CERN LxCloud offers",
    );
    expect((await refusal(() => launchVms({ db, actor: operator, input: { ...launchInput(c.id, 1), flavorId: "huge" } }))).message).toBe(
      "Flavor huge is not among the flavors CERN LxCloud offers",
    );
    await db.delete(siteParamVersion).run();
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 1) }))).message).toMatch(/has no site parameters yet/);
  });

  it("reaches the client through the router as BAD_REQUEST with the same words", async () => {
    const c = await openCloud();
    const caller = createCallerFactory(appRouter)({ db, actor: operator });
    const err = await caller.actions.launch(launchInput(c.id, 40)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: "Over quota on CERN LxCloud: 40 VMs need 160 cores, 12 of 480 free" });
    const ok = await caller.actions.launch(launchInput(c.id, 1));
    expect(ok.existing).toBe(false);
    expect((await caller.actions.byId({ actionId: ok.actionId })).items).toHaveLength(1);
    expect((await caller.actions.list({})).actions.map((a) => a.id)).toEqual([ok.actionId]);
  });
});

describe("drainVms and destroyVms", () => {
  it("drains booting and running VMs across clouds in one action, and leaves the others out", async () => {
    const a = await openCloud("A");
    const b = await openCloud("B");
    const running = await createVm(db, { cloudId: a.id, state: "running" });
    const booting = await createVm(db, { cloudId: b.id, state: "booting" });
    const gone = await createVm(db, { cloudId: b.id, state: "terminated" });
    const { actionId } = await drainVms({ db, actor: operator, input: { vmIds: [running.id, booting.id, gone.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    const items = await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).orderBy(actionItem.seq).all();
    expect(items.map((i) => [i.vmId, i.cloudId, i.vmStateAtRequest, i.providerId])).toEqual([
      [running.id, a.id, "running", running.providerId],
      [booting.id, b.id, "booting", booting.providerId],
    ]);
    const drained = await vmRow(running.id);
    expect(drained.drainRequestedAt).toEqual(NOW);
    expect(drained.drainDeadlineAt).toEqual(new Date(NOW.getTime() + 2 * 3_600_000));
    expect((await vmRow(gone.id)).drainRequestedAt).toBeNull();
    const a1 = (await db.select().from(action).where(eq(action.id, actionId)).get())!;
    expect(a1.cloudId).toBeNull();
    expect((await db.select().from(auditLog).get())!.summary).toBe("Drain 2 VMs on A (1), B (1), deadline 2 h; left out 1 is terminated");
  });

  it("refuses a drain when no selected VM can be drained, naming why", async () => {
    const c = await openCloud();
    const t = await createVm(db, { cloudId: c.id, state: "terminated" });
    const d = await createVm(db, { cloudId: c.id, state: "draining" });
    const err = await refusal(() => drainVms({ db, actor: operator, input: { vmIds: [t.id, d.id, 4242], idempotencyKey: randomUUID() } }));
    expect(err.message).toBe("None of the 3 selected VMs can be drained (only booting or running VMs can): 1 is unknown to cloudscope, 1 is terminated, 1 is already draining");
  });

  it("destroys a selection, marks the VMs, and will not queue the same VM twice", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    const first = await destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    expect((await vmRow(v.id)).destroyRequestedAt).toEqual(NOW);
    expect((await db.select().from(auditLog).get())!.summary).toBe("Destroy 1 VM on CERN LxCloud, 1 with a running job");
    const again = await refusal(() => destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() } }));
    expect(again.message).toBe("None of the 1 selected VM can be destroyed: 1 is already being destroyed");
    expect(first.existing).toBe(false);
  });

  it("previews a selection: VMs per cloud and how many run jobs", async () => {
    const a = await openCloud("A");
    const b = await openCloud("B");
    const ids = [
      (await createVm(db, { cloudId: a.id, name: "vm-d", state: "running" })).id,
      (await createVm(db, { cloudId: a.id, name: "vm-b", state: "draining" })).id,
      (await createVm(db, { cloudId: a.id, name: "vm-c", state: "booting" })).id,
      (await createVm(db, { cloudId: b.id, name: "vm-a", state: "error" })).id,
      (await createVm(db, { cloudId: b.id, name: "vm-0", state: "terminated" })).id,
    ];
    expect(await previewSelection({ db, input: { vmIds: ids } })).toEqual({
      total: 4,
      running: 2,
      firstNames: ["vm-a", "vm-b", "vm-c", "vm-d"],
      byCloud: [
        { cloudId: a.id, cloudName: "A", count: 3, running: 2 },
        { cloudId: b.id, cloudName: "B", count: 1, running: 0 },
      ],
    });
  });
});

describe("retryAction and cancelAction", () => {
  async function failLaunch(actionId: number, failedSeqs: number[]) {
    await db.update(action).set({ status: "failed", error: "2 of 3 failed" }).where(eq(action.id, actionId)).run();
    for (const item of await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).all()) {
      await db
        .update(actionItem)
        .set({ status: failedSeqs.includes(item.seq) ? "failed" : "succeeded", error: failedSeqs.includes(item.seq) ? "No valid host was found." : null })
        .where(eq(actionItem.id, item.id))
        .run();
    }
  }

  it("queues a failed action's failed items again as a new action, keeping their launch tokens", async () => {
    const c = await openCloud();
    const { actionId } = await launchVms({ db, actor: operator, input: launchInput(c.id, 3), now: NOW });
    await failLaunch(actionId, [1, 2]);
    const key = randomUUID();
    const retry = await retryAction({ db, actor: operator, input: { actionId, idempotencyKey: key }, now: NOW });
    expect(retry.existing).toBe(false);
    const items = await db.select().from(actionItem).where(eq(actionItem.actionId, retry.actionId)).orderBy(actionItem.seq).all();
    expect(items.map((i) => [i.seq, i.token])).toEqual([
      [0, `cs-${actionId}-1`],
      [1, `cs-${actionId}-2`],
    ]);
    expect(JSON.parse((await db.select().from(action).where(eq(action.id, retry.actionId)).get())!.params)).toMatchObject({ retryOf: actionId, count: 2 });
    expect(await retryAction({ db, actor: operator, input: { actionId, idempotencyKey: key } })).toEqual({ actionId: retry.actionId, existing: true });
    expect((await refusal(() => retryAction({ db, actor: operator, input: { actionId, idempotencyKey: randomUUID() } }))).message).toBe(
      `Action #${actionId} is already being retried as #${retry.actionId}`,
    );
    expect((await refusal(() => retryAction({ db, actor: operator, input: { actionId: retry.actionId, idempotencyKey: randomUUID() } }))).message).toBe(
      `Action #${retry.actionId} is queued; only a failed or partly failed action can be retried`,
    );
  });

  it("cancelling a launch that waits to retry leaves the VMs the cloud accepted to the boot watch, which ends it", async () => {
    const c = await openCloud();
    const { actionId } = await launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW });
    const [first] = await db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).orderBy(actionItem.seq).all();
    // The cloud accepted the first VM; the second waits for a retry after a transient failure.
    const vmId = await recordLaunchedVm({ db, input: { actionId, itemId: first!.id, cloudId: c.id, providerId: "srv-1", name: "vm-1", queue: "CERN-PROD_CLOUD", imageId: "img-1", flavorId: "m1.large", now: NOW } });
    expect(await cancelAction({ db, actor: operator, input: { actionId }, now: NOW })).toEqual({ actionId, cancelled: 1 });
    expect(await db.select().from(action).where(eq(action.id, actionId)).get()).toMatchObject({ status: "running", claimedBy: null, finishedAt: null });

    await db.update(vm).set({ state: "running", rawState: "ACTIVE", runningAt: NOW }).where(eq(vm.id, vmId)).run();
    expect(await settleLaunchBoots({ db, input: { now: NOW, bootTimeoutMs: 60_000 } })).toEqual([{ actionId, status: "cancelled", error: null }]);
    expect(await db.select().from(action).where(eq(action.id, actionId)).get()).toMatchObject({ status: "cancelled", succeeded: 1, failed: 0 });
  });

  it("cancels a queued action at once, and only the queued items of one in progress", async () => {
    const c = await openCloud();
    const queued = (await launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW })).actionId;
    expect(await cancelAction({ db, actor: operator, input: { actionId: queued }, now: NOW })).toEqual({ actionId: queued, cancelled: 2 });
    expect(await db.select().from(action).where(eq(action.id, queued)).get()).toMatchObject({ status: "cancelled", finishedAt: NOW });

    const busy = (await launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW })).actionId;
    await db.update(action).set({ status: "running", claimedBy: "w1" }).where(eq(action.id, busy)).run();
    await db.update(actionItem).set({ status: "running" }).where(eq(actionItem.seq, 0)).run();
    expect((await cancelAction({ db, actor: operator, input: { actionId: busy }, now: NOW })).cancelled).toBe(1);
    expect((await db.select().from(action).where(eq(action.id, busy)).get())!.status).toBe("running");
    expect((await refusal(() => cancelAction({ db, actor: operator, input: { actionId: queued } }))).message).toBe(`Action #${queued} has already been cancelled; there is nothing left to cancel`);
  });
});

describe("cloud controls", () => {
  const cloudRow = async (id: number) => (await db.select().from(cloud).where(eq(cloud.id, id)).get())!;

  it("pauses a cloud with a reason, audited with before and after, and resumes it", async () => {
    const c = await openCloud();
    await setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: true, reason: "Nova upgrade" }, now: NOW });
    expect(await cloudRow(c.id)).toMatchObject({ paused: true, operatorReason: "Nova upgrade" });
    const audit = (await db.select().from(auditLog).get())!;
    expect(audit).toMatchObject({ verb: "clouds.pause", targetType: "cloud", targetId: String(c.id), summary: "Paused CERN LxCloud: Nova upgrade" });
    expect(JSON.parse(audit.before!)).toEqual({ paused: false, operatorReason: null });
    expect((await refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 1) }))).message).toMatch(/paused \(Nova upgrade\)/);
    expect((await setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: true, reason: "again" } })).changed).toBe(false);
    await setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: false, reason: "upgrade done" } });
    expect(await cloudRow(c.id)).toMatchObject({ paused: false, operatorReason: null });
    expect(await countRows(auditLog)).toBe(2);
  });

  it("disables a cloud at once (shown as disabled with the reason) and enables it again", async () => {
    const c = await openCloud();
    await setCloudEnabled({ db, actor: operator, input: { cloudId: c.id, enabled: false, reason: "credentials revoked" }, now: NOW });
    expect(await cloudRow(c.id)).toMatchObject({ enabled: false, status: "disabled", operatorReason: "credentials revoked", statusSince: NOW });
    await setCloudEnabled({ db, actor: operator, input: { cloudId: c.id, enabled: true, reason: "new credentials" } });
    expect(await cloudRow(c.id)).toMatchObject({ enabled: true, status: "unknown", operatorReason: null });
  });
});

describe("a drain or destroy that is called off leaves its VMs alone", () => {
  const HOUR = 3_600_000;

  it("a cancelled drain clears the VM's drain marks, so the deadline destroys nothing", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    const { actionId } = await drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    expect((await vmRow(v.id)).drainRequestedAt).toEqual(NOW);
    await cancelAction({ db, actor: operator, input: { actionId }, now: NOW });
    expect(await vmRow(v.id)).toMatchObject({ drainRequestedAt: null, drainDeadlineAt: null });
    expect(await endFinishedDrains({ db, input: { now: new Date(NOW.getTime() + 3 * HOUR) } })).toBeNull();
  });

  it("a cancelled destroy clears destroyRequestedAt", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    const { actionId } = await destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    await cancelAction({ db, actor: operator, input: { actionId }, now: NOW });
    expect((await vmRow(v.id)).destroyRequestedAt).toBeNull();
  });

  it("a drain item that fails for good clears the marks and says why on the VM; one that fails past its deadline keeps them", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    const late = await createVm(db, { cloudId: c.id, state: "booting" });
    const { actionId } = await drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    await recordItemFailed({ db, input: { actionId, itemId: (await itemOf(actionId)).id, error: "Policy doesn't allow os_compute_api:server-metadata:update", now: NOW } });
    expect(await vmRow(v.id)).toMatchObject({ drainRequestedAt: null, drainDeadlineAt: null, lastError: "Drain failed: Policy doesn't allow os_compute_api:server-metadata:update" });
    expect(await endFinishedDrains({ db, input: { now: new Date(NOW.getTime() + 3 * HOUR) } })).toBeNull();

    const second = (await drainVms({ db, actor: operator, input: { vmIds: [late.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW })).actionId;
    const afterDeadline = new Date(NOW.getTime() + 3 * HOUR);
    await failQueuedItems({ db, input: { actionId: second, error: "Drain deadline passed before the VM accepted the drain flag", now: afterDeadline } });
    expect((await vmRow(late.id)).drainRequestedAt).toEqual(NOW);
    expect((await endFinishedDrains({ db, input: { now: afterDeadline } }))?.vmIds).toEqual([late.id]);
  });

  it("a destroy that fails for good clears destroyRequestedAt, and the ended drain it was ending, so it is not queued again and again", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    await drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 1, idempotencyKey: randomUUID() }, now: NOW });
    const later = new Date(NOW.getTime() + 2 * HOUR);
    // The drain item is done; its deadline passes with the VM still busy.
    await db.update(actionItem).set({ status: "succeeded" }).run();
    const ended = (await endFinishedDrains({ db, input: { now: later } }))!;
    expect((await vmRow(v.id)).destroyRequestedAt).toEqual(later);
    await recordItemFailed({ db, input: { actionId: ended.actionId, itemId: (await itemOf(ended.actionId)).id, error: "Forbidden", now: later } });
    expect(await vmRow(v.id)).toMatchObject({ destroyRequestedAt: null, drainRequestedAt: null, drainDeadlineAt: null, lastError: "Destroy failed: Forbidden" });
    expect(await endFinishedDrains({ db, input: { now: later } })).toBeNull();
  });

  it("a destroy called off mid-drain leaves the drain running", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    await drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 5, idempotencyKey: randomUUID() }, now: NOW });
    await db.update(actionItem).set({ status: "succeeded" }).run();
    const { actionId } = await destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    await cancelAction({ db, actor: operator, input: { actionId }, now: NOW });
    expect(await vmRow(v.id)).toMatchObject({ destroyRequestedAt: null, drainRequestedAt: NOW });
  });

  it("retrying a failed drain marks its VMs again, with a fresh deadline", async () => {
    const c = await openCloud();
    const v = await createVm(db, { cloudId: c.id, state: "running" });
    const { actionId } = await drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    await recordItemFailed({ db, input: { actionId, itemId: (await itemOf(actionId)).id, error: "Forbidden", now: NOW } });
    await db.update(action).set({ status: "failed" }).where(eq(action.id, actionId)).run();
    const later = new Date(NOW.getTime() + HOUR);
    const retry = await retryAction({ db, actor: operator, input: { actionId, idempotencyKey: randomUUID() }, now: later });
    expect(await vmRow(v.id)).toMatchObject({ drainRequestedAt: later, drainDeadlineAt: new Date(later.getTime() + 2 * HOUR) });
    expect(JSON.parse((await db.select().from(action).where(eq(action.id, retry.actionId)).get())!.params)).toMatchObject({
      retryOf: actionId,
      vmIds: [v.id],
      drainDeadlineAt: new Date(later.getTime() + 2 * HOUR).toISOString(),
    });
  });
});

describe("request services read and write in one transaction", () => {
  it("opens one write-locking transaction for every read-then-write request", async () => {
    const c = await openCloud();
    const [a, b] = [await createVm(db, { cloudId: c.id }), await createVm(db, { cloudId: c.id })];
    const spy = vi.spyOn(db, "transaction");
    const transactionsOf = async (run: () => Promise<unknown>) => {
      spy.mockClear();
      await run();
      return spy.mock.calls.length;
    };
    const launched = (await launchVms({ db, actor: operator, input: launchInput(c.id, 1), now: NOW })).actionId;
    expect(await transactionsOf(() => launchVms({ db, actor: operator, input: launchInput(c.id, 1), now: NOW }))).toBe(1);
    expect(await transactionsOf(() => drainVms({ db, actor: operator, input: { vmIds: [a.id], idempotencyKey: randomUUID() }, now: NOW }))).toBe(1);
    expect(await transactionsOf(() => destroyVms({ db, actor: operator, input: { vmIds: [b.id], idempotencyKey: randomUUID() }, now: NOW }))).toBe(1);
    expect(await transactionsOf(() => cancelAction({ db, actor: operator, input: { actionId: launched }, now: NOW }))).toBe(1);
    await db.update(action).set({ status: "failed" }).where(eq(action.id, launched)).run();
    await db.update(actionItem).set({ status: "failed" }).where(eq(actionItem.actionId, launched)).run();
    expect(await transactionsOf(() => retryAction({ db, actor: operator, input: { actionId: launched, idempotencyKey: randomUUID() }, now: NOW }))).toBe(1);
    expect(await transactionsOf(() => setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: true, reason: "maintenance" }, now: NOW }))).toBe(1);
    expect(await transactionsOf(() => setCloudEnabled({ db, actor: operator, input: { cloudId: c.id, enabled: false, reason: "maintenance" }, now: NOW }))).toBe(1);
  });
});
