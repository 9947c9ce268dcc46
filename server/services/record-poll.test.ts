import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { asc, eq } from "drizzle-orm";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { cloud, flavor, imageVersion, pollState, sampleMinute, vm, vmEvent } from "@/db/schema";
import type { ProviderVm } from "../clouds/driver";
import { createCloud, createCloudImage, createImageDeployment, createImageVersion, createVm } from "../testing/factories";
import { recordInventoryPoll, recordPollFailure, recordVmPoll } from "./record-poll";
import { cloudLeaseName, holdLease, LeaseLostError } from "./work-leases";

const T0 = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
const at = (s: number) => new Date(T0.getTime() + s * 1_000);

function listed(over: Partial<ProviderVm> & { providerId: string }): ProviderVm {
  return { name: `vm-${over.providerId}`, state: "running", rawState: "ACTIVE", flavorId: "m1", imageId: "img", ip: "10.0.0.1", createdAt: null, metadata: {}, fault: null, ...over };
}

describe("recordVmPoll", () => {
  let db: Db;
  let cloudId: number;

  const poll = (now: Date, vms: ProviderVm[]) => recordVmPoll({ db, input: { cloudId, now, latencyMs: 40, nextDueAt: at(3600), vms } });
  const row = async (providerId: string) => (await db.select().from(vm).where(eq(vm.providerId, providerId)).get())!;
  const events = async (providerId: string) =>
    db
      .select({ at: vmEvent.at, from: vmEvent.fromState, to: vmEvent.toState, raw: vmEvent.rawState })
      .from(vmEvent)
      .where(eq(vmEvent.vmId, (await row(providerId)).id))
      .orderBy(asc(vmEvent.id))
      .all();

  beforeEach(async () => {
    db = await openTestDb();
    cloudId = (await createCloud(db, { status: "unknown" })).id;
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("inserts new VMs with their first event and timestamps as Dates", async () => {
    const created = new Date("2026-11-25T11:58:00Z");
    const result = await poll(T0, [listed({ providerId: "a", createdAt: created, metadata: { panda_queue: "Q1" } }), listed({ providerId: "b", state: "booting", rawState: "BUILD" })]);

    expect(result).toEqual({ inserted: 2, changed: 0 });
    expect(await row("a")).toMatchObject({ cloudId, state: "running", queue: "Q1", createdAt: created, runningAt: T0, terminatedAt: null, lastSeenAt: T0, stateChangedAt: T0, stale: false });
    expect(await row("b")).toMatchObject({ state: "booting", rawState: "BUILD", createdAt: null, runningAt: null });
    expect(await events("a")).toEqual([{ at: T0, from: null, to: "running", raw: "ACTIVE" }]);
    expect(await events("b")).toEqual([{ at: T0, from: null, to: "booting", raw: "BUILD" }]);
  });

  it("updates changed VMs through the same statements, keeping or clearing timestamps", async () => {
    await poll(T0, [listed({ providerId: "a", state: "booting", rawState: "BUILD" }), listed({ providerId: "b" }), listed({ providerId: "c" })]);
    const quiet = await poll(at(60), [listed({ providerId: "a", rawState: "ACTIVE/rebooting", state: "booting" }), listed({ providerId: "b" }), listed({ providerId: "c" })]);
    expect(quiet).toEqual({ inserted: 0, changed: 1 });
    expect(await row("a")).toMatchObject({ rawState: "ACTIVE/rebooting", lastSeenAt: at(60), stateChangedAt: T0, runningAt: null });

    await poll(at(120), [listed({ providerId: "a" }), listed({ providerId: "b" })]);
    expect(await row("a")).toMatchObject({ state: "running", runningAt: at(120), stateChangedAt: at(120), lastSeenAt: at(120) });
    expect(await row("c")).toMatchObject({ state: "lost", terminatedAt: at(120), runningAt: T0, stateChangedAt: at(120) });
    expect(await row("b")).toMatchObject({ lastSeenAt: T0, stateChangedAt: T0 });
    expect((await events("a")).map((e) => [e.from, e.to])).toEqual([
      [null, "booting"],
      ["booting", "running"],
    ]);

    await poll(at(180), [listed({ providerId: "a" }), listed({ providerId: "b" }), listed({ providerId: "c", rawState: "ACTIVE" })]);
    expect(await row("c")).toMatchObject({ state: "running", terminatedAt: null, lastError: null, runningAt: T0, stateChangedAt: at(180) });
    expect((await events("c")).map((e) => [e.at, e.from, e.to])).toEqual([
      [T0, null, "running"],
      [at(120), "running", "lost"],
      [at(180), "lost", "running"],
    ]);
  });

  it("knows ended VMs the provider still lists instead of inserting them again", async () => {
    await poll(T0, [listed({ providerId: "i-1", state: "terminated", rawState: "terminated" })]);
    const again = await poll(at(60), [listed({ providerId: "i-1", state: "terminated", rawState: "terminated" })]);

    expect(again).toEqual({ inserted: 0, changed: 0 });
    expect(await db.select().from(vm).all()).toHaveLength(1);
    expect(await row("i-1")).toMatchObject({ state: "terminated", terminatedAt: T0 });
  });

  it("clears staleness, records the poll and its sample, and scores the cloud", async () => {
    await createVm(db, { cloudId, providerId: "a", name: "vm-a", state: "running", rawState: "ACTIVE", flavorRef: "m1", imageRef: "img", ip: "10.0.0.1", stale: true });
    await recordPollFailure({ db, input: { cloudId, now: T0, latencyMs: 9_000, nextDueAt: at(30), resource: "vms", error: "timeout" } });
    expect(await db.select().from(cloud).where(eq(cloud.id, cloudId)).get()).toMatchObject({ status: "degraded", statusSince: T0 });

    await poll(at(30), [listed({ providerId: "a" })]);

    expect((await row("a")).stale).toBe(false);
    expect(await db.select().from(pollState).where(eq(pollState.cloudId, cloudId)).get()).toMatchObject({
      lastAttemptAt: at(30),
      lastSuccessAt: at(30),
      lastErrorAt: T0,
      consecutiveFailures: 0,
      nextDueAt: at(3600),
    });
    expect(await db.select().from(sampleMinute).where(eq(sampleMinute.cloudId, cloudId)).get()).toMatchObject({ running: 1, polls: 2, pollErrors: 1, pollLatencyMs: (9_000 + 40) / 2 });
    expect(await db.select().from(cloud).where(eq(cloud.id, cloudId)).get()).toMatchObject({ status: "up", statusReason: "All APIs answering (VM list 40 ms)", statusSince: at(30) });
  });

  it("scores an answering cloud degraded when its boots fail, naming how many", async () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    await poll(T0, ids.map((providerId) => listed({ providerId, state: "booting", rawState: "BUILD" })));
    await poll(at(60), ids.map((providerId, i) => (i < 4 ? listed({ providerId, state: "error", rawState: "ERROR" }) : listed({ providerId }))));
    expect(await db.select().from(cloud).where(eq(cloud.id, cloudId)).get()).toMatchObject({ status: "degraded", statusReason: "4 of the last 6 boots failed", statusSince: at(60) });
  });

  it("records a poll only while its worker holds the cloud's lease: a late one from a worker that lost it writes nothing", async () => {
    const vms = [listed({ providerId: "a" })];
    const asOwner = (owner: string) => recordVmPoll({ db, input: { cloudId, owner, now: T0, latencyMs: 40, nextDueAt: at(3600), vms } });
    await holdLease({ db, input: { workerId: "w-new", name: cloudLeaseName(cloudId), now: T0, leaseMs: 15_000 } });
    await expect(asOwner("w-old")).rejects.toThrow(LeaseLostError);
    expect(await db.select().from(vm).all()).toEqual([]);
    expect(await db.select().from(pollState).all()).toEqual([]);
    await asOwner("w-new");
    expect(await db.select({ providerId: vm.providerId }).from(vm).all()).toEqual([{ providerId: "a" }]);
  });
});

describe("recordInventoryPoll", () => {
  it("replaces a flavor list longer than one statement's worth of rows", async () => {
    const db = await openTestDb();
    onTestFinished(() => closeDb(db));
    const cloudId = (await createCloud(db)).id;
    const flavors = Array.from({ length: 1_000 }, (_, i) => ({ providerId: `f${i}`, name: `m${i}`, vcpus: 1 + (i % 8), ramMb: 2048, diskGb: 20 }));
    await recordInventoryPoll({ db, input: { cloudId, now: T0, latencyMs: 10, nextDueAt: at(300), resource: "flavors", flavors } });
    await recordInventoryPoll({ db, input: { cloudId, now: T0, latencyMs: 10, nextDueAt: at(300), resource: "flavors", flavors: flavors.slice(0, 600) } });
    expect(await db.select().from(flavor).where(eq(flavor.cloudId, cloudId)).all()).toHaveLength(600);
  });
});

describe("recordVmPoll classifying what each VM runs", () => {
  let db: Db;
  let cloudId: number;
  const poll = (now: Date, vms: ProviderVm[]) => recordVmPoll({ db, input: { cloudId, now, latencyMs: 40, nextDueAt: at(3600), vms } });
  const trust = async (providerId: string) =>
    db.select({ imageClass: vm.imageClass, imageVersionId: vm.imageVersionId, imageModified: vm.imageModified }).from(vm).where(eq(vm.providerId, providerId)).get();

  beforeEach(async () => {
    db = await openTestDb();
    cloudId = (await createCloud(db)).id;
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("matches each VM's image to a catalogue version, flags a modified site copy, and follows a revocation on the next poll", async () => {
    const production = await createImageVersion(db);
    const revoked = await createImageVersion(db, { state: "revoked" });
    const bySum = await createImageVersion(db, { state: "approved", channel: null });
    const tampered = await createImageVersion(db);
    await createImageDeployment(db, { versionId: production.id, cloudId, providerImageId: "img-prod" });
    await createImageDeployment(db, { versionId: revoked.id, cloudId, providerImageId: "img-old" });
    await createImageDeployment(db, { versionId: tampered.id, cloudId, providerImageId: "img-site" });
    const siteSum = "f".repeat(128);
    await createCloudImage(db, { cloudId, providerId: "img-site", checksum: siteSum });
    await createCloudImage(db, { cloudId, providerId: "img-copied", checksum: bySum.sha512 });

    await poll(T0, [
      listed({ providerId: "a", imageId: "img-prod" }),
      listed({ providerId: "b", imageId: "img-old" }),
      listed({ providerId: "c", imageId: "img-site" }),
      listed({ providerId: "d", imageId: "img-copied" }),
      listed({ providerId: "e", imageId: "img-stranger" }),
      listed({ providerId: "f", imageId: null }),
    ]);
    expect(await trust("a")).toEqual({ imageClass: "production", imageVersionId: production.id, imageModified: null });
    expect(await trust("b")).toEqual({ imageClass: "revoked", imageVersionId: revoked.id, imageModified: null });
    expect(await trust("c")).toMatchObject({ imageClass: "production", imageVersionId: tampered.id });
    expect((await trust("c"))?.imageModified).toContain(siteSum);
    expect((await trust("c"))?.imageModified).toContain(tampered.sha512);
    expect(await trust("d")).toEqual({ imageClass: "testing", imageVersionId: bySum.id, imageModified: null });
    expect(await trust("e")).toEqual({ imageClass: "unknown", imageVersionId: null, imageModified: null });
    expect(await trust("f")).toEqual({ imageClass: "unknown", imageVersionId: null, imageModified: null });

    await db.update(imageVersion).set({ state: "revoked" }).where(eq(imageVersion.id, production.id)).run();
    await poll(at(60), [listed({ providerId: "a", imageId: "img-prod" }), listed({ providerId: "g", imageId: "img-prod" })]);
    expect(await trust("a")).toMatchObject({ imageClass: "revoked", imageVersionId: production.id });
    expect(await trust("g")).toMatchObject({ imageClass: "revoked", imageVersionId: production.id });
  });
});
