import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, type Db } from "@/db/client";
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
import { ServiceError } from "./errors";
import { launchVms } from "./launch-vms";
import { failQueuedItems, recordItemFailed } from "./record-action-item";
import { previewSelection } from "./preview-selection";
import { retryAction } from "./retry-action";
import { setCloudEnabled } from "./set-cloud-enabled";
import { setCloudPaused } from "./set-cloud-paused";

const operator = testActor("operator");
const NOW = new Date("2026-03-01T12:00:00Z");
let db: Db;

/** A cloud ready for launches: one image, one 4-core flavor, quota with 12 cores free. */
function openCloud(name = "CERN LxCloud", overrides: Partial<typeof cloud.$inferInsert> = {}) {
  const c = createCloud(db, { name, ...overrides });
  createFlavor(db, { cloudId: c.id, providerId: "m1.large", name: "m1.large", vcpus: 4, ramMb: 8192 });
  createCloudImage(db, { cloudId: c.id, providerId: "img-1", name: "CernVM 3.4" });
  const seenAt = new Date(NOW.getTime() - 60_000);
  createQuota(db, { cloudId: c.id, resource: "instances", used: 60, limit: 120, seenAt });
  createQuota(db, { cloudId: c.id, resource: "cores", used: 468, limit: 480, seenAt });
  db.insert(siteParamVersion)
    .values({ cloudId: c.id, version: 1, params: JSON.stringify(defaultSiteParams(name)), createdByName: "test", createdAt: seenAt })
    .run();
  return c;
}

function launchInput(cloudId: number, count: number, idempotencyKey = randomUUID()) {
  return { cloudId, imageId: "img-1", flavorId: "m1.large", queue: "CERN-PROD_CLOUD", count, idempotencyKey };
}

function refusal(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

const countRows = (table: typeof action | typeof actionItem | typeof auditLog) => db.select().from(table).all().length;

beforeEach(() => {
  db = openTestDb();
});

describe("launchVms", () => {
  it("queues one action with an item per VM, each with its launch token, and audits it", () => {
    const c = openCloud();
    const { actionId, existing } = launchVms({ db, actor: operator, input: launchInput(c.id, 3), now: NOW });
    expect(existing).toBe(false);
    const a = db.select().from(action).where(eq(action.id, actionId)).get()!;
    expect(a).toMatchObject({ kind: "launch", status: "queued", total: 3, cloudId: c.id, requestedByName: "operator" });
    expect(JSON.parse(a.params)).toMatchObject({ count: 3, cloudName: "CERN LxCloud", imageName: "CernVM 3.4", flavorName: "m1.large" });
    const items = db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).all();
    expect(items.map((i) => [i.seq, i.token, i.status])).toEqual([
      [0, `cs-${actionId}-0`, "queued"],
      [1, `cs-${actionId}-1`, "queued"],
      [2, `cs-${actionId}-2`, "queued"],
    ]);
    const audit = db.select().from(auditLog).get()!;
    expect(audit).toMatchObject({ verb: "vms.launch", targetType: "action", targetId: String(actionId), actorName: "operator", ip: "192.0.2.1" });
    expect(audit.summary).toBe("Launch 3 × m1.large (CernVM 3.4) on CERN LxCloud for CERN-PROD_CLOUD");
  });

  it("answers the same idempotency key with the same action and creates nothing more", () => {
    const c = openCloud();
    const input = launchInput(c.id, 2);
    const first = launchVms({ db, actor: operator, input, now: NOW });
    const second = launchVms({ db, actor: operator, input, now: NOW });
    expect(second).toEqual({ actionId: first.actionId, existing: true });
    expect([countRows(action), countRows(actionItem), countRows(auditLog)]).toEqual([1, 2, 1]);
  });

  it("refuses someone else's idempotency key instead of answering with their action", () => {
    const c = openCloud();
    const input = launchInput(c.id, 1);
    launchVms({ db, actor: operator, input, now: NOW });
    const err = refusal(() => launchVms({ db, actor: testActor("admin"), input, now: NOW }));
    expect(err.code).toBe("CONFLICT");
    expect(countRows(action)).toBe(1);
  });

  it("refuses a launch over quota before queueing, with the numbers", () => {
    const c = openCloud();
    const err = refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 40), now: NOW }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toBe("Over quota on CERN LxCloud: 40 VMs need 160 cores, 12 of 480 free");
    expect([countRows(action), countRows(actionItem), countRows(auditLog)]).toEqual([0, 0, 0]);
  });

  it("counts VMs already requested but not yet seen by the cloud's quota", () => {
    const c = openCloud();
    launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW });
    const err = refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW }));
    expect(err.message).toBe("Over quota on CERN LxCloud: 2 VMs need 8 cores, 4 of 480 free (8 already requested and not yet counted by the cloud)");
    // A VM we launched after the last quota reading counts too; one the reading saw does not.
    db.delete(actionItem).run();
    createVm(db, { cloudId: c.id, flavorRef: "m1.large", state: "requested", launchActionId: 1, requestedAt: NOW });
    createVm(db, { cloudId: c.id, flavorRef: "m1.large", state: "running", launchActionId: 1, requestedAt: new Date(NOW.getTime() - 3_600_000) });
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 3), now: NOW })).message).toMatch(/12 cores, 8 of 480 free/);
  });

  it("refuses paused, disabled and unknown clouds, saying why", () => {
    const paused = openCloud("UVic Nefos", { paused: true, operatorReason: "hypervisor upgrade" });
    const disabled = openCloud("Helix Nebula", { enabled: false, operatorReason: "contract ended" });
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(paused.id, 1) })).message).toBe(
      "UVic Nefos is paused (hypervisor upgrade): it takes no launches until an operator resumes it",
    );
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(disabled.id, 1) })).message).toMatch(/^Helix Nebula is disabled \(contract ended\)/);
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(999, 1) })).message).toBe("Cloud 999 does not exist");
    const down = openCloud("StratusLab LAL", { status: "down", statusReason: "VM poll failed 5 times: connection refused" });
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(down.id, 1) })).message).toBe(
      "StratusLab LAL is down (VM poll failed 5 times: connection refused): a launch would fail; try again once it answers",
    );
  });

  it("refuses an image or flavor the cloud does not offer, and a cloud without site parameters", () => {
    const c = openCloud();
    expect(refusal(() => launchVms({ db, actor: operator, input: { ...launchInput(c.id, 1), imageId: "nope" } })).message).toBe(
      "Image nope is not among the images CERN LxCloud offers",
    );
    expect(refusal(() => launchVms({ db, actor: operator, input: { ...launchInput(c.id, 1), flavorId: "huge" } })).message).toBe(
      "Flavor huge is not among the flavors CERN LxCloud offers",
    );
    db.delete(siteParamVersion).run();
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 1) })).message).toMatch(/has no site parameters yet/);
  });

  it("reaches the client through the router as BAD_REQUEST with the same words", async () => {
    const c = openCloud();
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
  it("drains booting and running VMs across clouds in one action, and leaves the others out", () => {
    const a = openCloud("A");
    const b = openCloud("B");
    const running = createVm(db, { cloudId: a.id, state: "running" });
    const booting = createVm(db, { cloudId: b.id, state: "booting" });
    const gone = createVm(db, { cloudId: b.id, state: "terminated" });
    const { actionId } = drainVms({ db, actor: operator, input: { vmIds: [running.id, booting.id, gone.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    const items = db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).all();
    expect(items.map((i) => [i.vmId, i.cloudId, i.vmStateAtRequest, i.providerId])).toEqual([
      [running.id, a.id, "running", running.providerId],
      [booting.id, b.id, "booting", booting.providerId],
    ]);
    const drained = db.select().from(vm).where(eq(vm.id, running.id)).get()!;
    expect(drained.drainRequestedAt).toEqual(NOW);
    expect(drained.drainDeadlineAt).toEqual(new Date(NOW.getTime() + 2 * 3_600_000));
    expect(db.select().from(vm).where(eq(vm.id, gone.id)).get()!.drainRequestedAt).toBeNull();
    const a1 = db.select().from(action).where(eq(action.id, actionId)).get()!;
    expect(a1.cloudId).toBeNull();
    expect(db.select().from(auditLog).get()!.summary).toBe("Drain 2 VMs on A (1), B (1), deadline 2 h; left out 1 is terminated");
  });

  it("refuses a drain when no selected VM can be drained, naming why", () => {
    const c = openCloud();
    const t = createVm(db, { cloudId: c.id, state: "terminated" });
    const d = createVm(db, { cloudId: c.id, state: "draining" });
    const err = refusal(() => drainVms({ db, actor: operator, input: { vmIds: [t.id, d.id, 4242], idempotencyKey: randomUUID() } }));
    expect(err.message).toBe("None of the 3 selected VMs can be drained (only booting or running VMs can): 1 is unknown to cloudscope, 1 is terminated, 1 is already draining");
  });

  it("destroys a selection, marks the VMs, and will not queue the same VM twice", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    const first = destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    expect(db.select().from(vm).where(eq(vm.id, v.id)).get()!.destroyRequestedAt).toEqual(NOW);
    expect(db.select().from(auditLog).get()!.summary).toBe("Destroy 1 VM on CERN LxCloud, 1 with a running job");
    const again = refusal(() => destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() } }));
    expect(again.message).toBe("None of the 1 selected VM can be destroyed: 1 is already being destroyed");
    expect(first.existing).toBe(false);
  });

  it("previews a selection: VMs per cloud and how many run jobs", () => {
    const a = openCloud("A");
    const b = openCloud("B");
    const ids = [
      createVm(db, { cloudId: a.id, state: "running" }).id,
      createVm(db, { cloudId: a.id, state: "draining" }).id,
      createVm(db, { cloudId: a.id, state: "booting" }).id,
      createVm(db, { cloudId: b.id, state: "error" }).id,
      createVm(db, { cloudId: b.id, state: "terminated" }).id,
    ];
    expect(previewSelection({ db, input: { vmIds: ids } })).toEqual({
      total: 4,
      running: 2,
      byCloud: [
        { cloudId: a.id, cloudName: "A", count: 3, running: 2 },
        { cloudId: b.id, cloudName: "B", count: 1, running: 0 },
      ],
    });
  });
});

describe("retryAction and cancelAction", () => {
  function failLaunch(actionId: number, failedSeqs: number[]) {
    db.update(action).set({ status: "failed", error: "2 of 3 failed" }).where(eq(action.id, actionId)).run();
    for (const item of db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).all()) {
      db.update(actionItem)
        .set({ status: failedSeqs.includes(item.seq) ? "failed" : "succeeded", error: failedSeqs.includes(item.seq) ? "No valid host was found." : null })
        .where(eq(actionItem.id, item.id))
        .run();
    }
  }

  it("queues a failed action's failed items again as a new action, keeping their launch tokens", () => {
    const c = openCloud();
    const { actionId } = launchVms({ db, actor: operator, input: launchInput(c.id, 3), now: NOW });
    failLaunch(actionId, [1, 2]);
    const key = randomUUID();
    const retry = retryAction({ db, actor: operator, input: { actionId, idempotencyKey: key }, now: NOW });
    expect(retry.existing).toBe(false);
    const items = db.select().from(actionItem).where(eq(actionItem.actionId, retry.actionId)).all();
    expect(items.map((i) => [i.seq, i.token])).toEqual([
      [0, `cs-${actionId}-1`],
      [1, `cs-${actionId}-2`],
    ]);
    expect(JSON.parse(db.select().from(action).where(eq(action.id, retry.actionId)).get()!.params)).toMatchObject({ retryOf: actionId, count: 2 });
    expect(retryAction({ db, actor: operator, input: { actionId, idempotencyKey: key } })).toEqual({ actionId: retry.actionId, existing: true });
    expect(refusal(() => retryAction({ db, actor: operator, input: { actionId, idempotencyKey: randomUUID() } })).message).toBe(
      `Action #${actionId} is already being retried as #${retry.actionId}`,
    );
    expect(refusal(() => retryAction({ db, actor: operator, input: { actionId: retry.actionId, idempotencyKey: randomUUID() } })).message).toBe(
      `Action #${retry.actionId} is queued; only a failed action can be retried`,
    );
  });

  it("cancels a queued action at once, and only the queued items of one in progress", () => {
    const c = openCloud();
    const queued = launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW }).actionId;
    expect(cancelAction({ db, actor: operator, input: { actionId: queued }, now: NOW })).toEqual({ actionId: queued, cancelled: 2 });
    expect(db.select().from(action).where(eq(action.id, queued)).get()).toMatchObject({ status: "cancelled", finishedAt: NOW });

    const busy = launchVms({ db, actor: operator, input: launchInput(c.id, 2), now: NOW }).actionId;
    db.update(action).set({ status: "running", claimedBy: "w1" }).where(eq(action.id, busy)).run();
    db.update(actionItem).set({ status: "running" }).where(eq(actionItem.seq, 0)).run();
    expect(cancelAction({ db, actor: operator, input: { actionId: busy }, now: NOW }).cancelled).toBe(1);
    expect(db.select().from(action).where(eq(action.id, busy)).get()!.status).toBe("running");
    expect(refusal(() => cancelAction({ db, actor: operator, input: { actionId: queued } })).message).toBe(`Action #${queued} has already been cancelled; there is nothing left to cancel`);
  });
});

describe("cloud controls", () => {
  it("pauses a cloud with a reason, audited with before and after, and resumes it", () => {
    const c = openCloud();
    setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: true, reason: "Nova upgrade" }, now: NOW });
    expect(db.select().from(cloud).where(eq(cloud.id, c.id)).get()).toMatchObject({ paused: true, operatorReason: "Nova upgrade" });
    const audit = db.select().from(auditLog).get()!;
    expect(audit).toMatchObject({ verb: "clouds.pause", targetType: "cloud", targetId: String(c.id), summary: "Paused CERN LxCloud: Nova upgrade" });
    expect(JSON.parse(audit.before!)).toEqual({ paused: false, operatorReason: null });
    expect(refusal(() => launchVms({ db, actor: operator, input: launchInput(c.id, 1) })).message).toMatch(/paused \(Nova upgrade\)/);
    expect(setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: true, reason: "again" } }).changed).toBe(false);
    setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: false, reason: "upgrade done" } });
    expect(db.select().from(cloud).where(eq(cloud.id, c.id)).get()).toMatchObject({ paused: false, operatorReason: null });
    expect(countRows(auditLog)).toBe(2);
  });

  it("disables a cloud at once (shown as disabled with the reason) and enables it again", () => {
    const c = openCloud();
    setCloudEnabled({ db, actor: operator, input: { cloudId: c.id, enabled: false, reason: "credentials revoked" }, now: NOW });
    expect(db.select().from(cloud).where(eq(cloud.id, c.id)).get()).toMatchObject({ enabled: false, status: "disabled", operatorReason: "credentials revoked", statusSince: NOW });
    setCloudEnabled({ db, actor: operator, input: { cloudId: c.id, enabled: true, reason: "new credentials" } });
    expect(db.select().from(cloud).where(eq(cloud.id, c.id)).get()).toMatchObject({ enabled: true, status: "unknown", operatorReason: null });
  });
});

describe("a drain or destroy that is called off leaves its VMs alone", () => {
  const HOUR = 3_600_000;
  const vmRow = (id: number) => db.select().from(vm).where(eq(vm.id, id)).get()!;
  const itemOf = (actionId: number) => db.select().from(actionItem).where(eq(actionItem.actionId, actionId)).get()!;

  it("a cancelled drain clears the VM's drain marks, so the deadline destroys nothing", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    const { actionId } = drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    expect(vmRow(v.id).drainRequestedAt).toEqual(NOW);
    cancelAction({ db, actor: operator, input: { actionId }, now: NOW });
    expect(vmRow(v.id)).toMatchObject({ drainRequestedAt: null, drainDeadlineAt: null });
    expect(endFinishedDrains({ db, input: { now: new Date(NOW.getTime() + 3 * HOUR) } })).toBeNull();
  });

  it("a cancelled destroy clears destroyRequestedAt", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    const { actionId } = destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    cancelAction({ db, actor: operator, input: { actionId }, now: NOW });
    expect(vmRow(v.id).destroyRequestedAt).toBeNull();
  });

  it("a drain item that fails for good clears the marks and says why on the VM; one that fails past its deadline keeps them", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    const late = createVm(db, { cloudId: c.id, state: "booting" });
    const { actionId } = drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    recordItemFailed({ db, input: { actionId, itemId: itemOf(actionId).id, error: "Policy doesn't allow os_compute_api:server-metadata:update", now: NOW } });
    expect(vmRow(v.id)).toMatchObject({ drainRequestedAt: null, drainDeadlineAt: null, lastError: "Drain failed: Policy doesn't allow os_compute_api:server-metadata:update" });
    expect(endFinishedDrains({ db, input: { now: new Date(NOW.getTime() + 3 * HOUR) } })).toBeNull();

    const second = drainVms({ db, actor: operator, input: { vmIds: [late.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW }).actionId;
    const afterDeadline = new Date(NOW.getTime() + 3 * HOUR);
    failQueuedItems({ db, input: { actionId: second, error: "Drain deadline passed before the VM accepted the drain flag", now: afterDeadline } });
    expect(vmRow(late.id).drainRequestedAt).toEqual(NOW);
    expect(endFinishedDrains({ db, input: { now: afterDeadline } })?.vmIds).toEqual([late.id]);
  });

  it("a destroy that fails for good clears destroyRequestedAt, and the ended drain it was ending, so it is not queued again and again", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 1, idempotencyKey: randomUUID() }, now: NOW });
    const later = new Date(NOW.getTime() + 2 * HOUR);
    // The drain item is done; its deadline passes with the VM still busy.
    db.update(actionItem).set({ status: "succeeded" }).run();
    const ended = endFinishedDrains({ db, input: { now: later } })!;
    expect(vmRow(v.id).destroyRequestedAt).toEqual(later);
    recordItemFailed({ db, input: { actionId: ended.actionId, itemId: itemOf(ended.actionId).id, error: "Forbidden", now: later } });
    expect(vmRow(v.id)).toMatchObject({ destroyRequestedAt: null, drainRequestedAt: null, drainDeadlineAt: null, lastError: "Destroy failed: Forbidden" });
    expect(endFinishedDrains({ db, input: { now: later } })).toBeNull();
  });

  it("a destroy called off mid-drain leaves the drain running", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 5, idempotencyKey: randomUUID() }, now: NOW });
    db.update(actionItem).set({ status: "succeeded" }).run();
    const { actionId } = destroyVms({ db, actor: operator, input: { vmIds: [v.id], idempotencyKey: randomUUID() }, now: NOW });
    cancelAction({ db, actor: operator, input: { actionId }, now: NOW });
    expect(vmRow(v.id)).toMatchObject({ destroyRequestedAt: null, drainRequestedAt: NOW });
  });

  it("retrying a failed drain marks its VMs again, with a fresh deadline", () => {
    const c = openCloud();
    const v = createVm(db, { cloudId: c.id, state: "running" });
    const { actionId } = drainVms({ db, actor: operator, input: { vmIds: [v.id], deadlineHours: 2, idempotencyKey: randomUUID() }, now: NOW });
    recordItemFailed({ db, input: { actionId, itemId: itemOf(actionId).id, error: "Forbidden", now: NOW } });
    db.update(action).set({ status: "failed" }).where(eq(action.id, actionId)).run();
    const later = new Date(NOW.getTime() + HOUR);
    const retry = retryAction({ db, actor: operator, input: { actionId, idempotencyKey: randomUUID() }, now: later });
    expect(vmRow(v.id)).toMatchObject({ drainRequestedAt: later, drainDeadlineAt: new Date(later.getTime() + 2 * HOUR) });
    expect(JSON.parse(db.select().from(action).where(eq(action.id, retry.actionId)).get()!.params)).toMatchObject({ retryOf: actionId, vmIds: [v.id], drainDeadlineAt: new Date(later.getTime() + 2 * HOUR).toISOString() });
  });
});

describe("request services take the write lock before they read", () => {
  it("opens every read-then-write request with BEGIN IMMEDIATE", () => {
    const c = openCloud();
    const [a, b] = [createVm(db, { cloudId: c.id }), createVm(db, { cloudId: c.id })];
    const spy = vi.spyOn(db, "transaction");
    const behaviorOf = (run: () => unknown) => {
      spy.mockClear();
      run();
      return spy.mock.calls[0]?.[1];
    };
    const immediate = { behavior: "immediate" };
    const launched = launchVms({ db, actor: operator, input: launchInput(c.id, 1), now: NOW }).actionId;
    expect(behaviorOf(() => launchVms({ db, actor: operator, input: launchInput(c.id, 1), now: NOW }))).toEqual(immediate);
    expect(behaviorOf(() => drainVms({ db, actor: operator, input: { vmIds: [a.id], idempotencyKey: randomUUID() }, now: NOW }))).toEqual(immediate);
    expect(behaviorOf(() => destroyVms({ db, actor: operator, input: { vmIds: [b.id], idempotencyKey: randomUUID() }, now: NOW }))).toEqual(immediate);
    expect(behaviorOf(() => cancelAction({ db, actor: operator, input: { actionId: launched }, now: NOW }))).toEqual(immediate);
    db.update(action).set({ status: "failed" }).where(eq(action.id, launched)).run();
    db.update(actionItem).set({ status: "failed" }).where(eq(actionItem.actionId, launched)).run();
    expect(behaviorOf(() => retryAction({ db, actor: operator, input: { actionId: launched, idempotencyKey: randomUUID() }, now: NOW }))).toEqual(immediate);
    expect(behaviorOf(() => setCloudPaused({ db, actor: operator, input: { cloudId: c.id, paused: true, reason: "maintenance" }, now: NOW }))).toEqual(immediate);
    expect(behaviorOf(() => setCloudEnabled({ db, actor: operator, input: { cloudId: c.id, enabled: false, reason: "maintenance" }, now: NOW }))).toEqual(immediate);
  });
});
