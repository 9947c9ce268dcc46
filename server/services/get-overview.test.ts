import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { createCloud, createPollState, createQuota, createVm, FACTORY_CREDENTIALS } from "@/server/testing/factories";
import { getOverview, getRecentOverview, OVERVIEW_MAX_AGE_MS } from "./get-overview";

describe("getOverview", () => {
  let db: Db;

  beforeEach(async () => {
    db = await openTestDb();
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("counts VMs by state per cloud and in total, leaving terminated out of live", async () => {
    const a = await createCloud(db, { name: "a-cloud" });
    const b = await createCloud(db, { name: "b-cloud", status: "degraded", statusReason: "Nova answers 503" });
    for (const state of ["running", "running", "booting", "terminated"] as const) await createVm(db, { cloudId: a.id, state });
    for (const state of ["error", "draining", "terminated", "terminated"] as const) await createVm(db, { cloudId: b.id, state });

    const { totals, clouds } = await getOverview({ db });

    expect(clouds.map((c) => c.name)).toEqual(["a-cloud", "b-cloud"]);
    expect(clouds[0]?.counts).toEqual({ requested: 0, booting: 1, running: 2, draining: 0, terminated: 1, error: 0, lost: 0 });
    expect(clouds[0]?.live).toBe(3);
    expect(clouds[1]).toMatchObject({ status: "degraded", statusReason: "Nova answers 503", live: 2 });
    expect(totals.counts).toEqual({ requested: 0, booting: 1, running: 2, draining: 1, terminated: 3, error: 1, lost: 0 });
    expect(totals.live).toBe(5);
    expect(totals.clouds).toBe(2);
    expect(totals.cloudsByStatus).toMatchObject({ up: 1, degraded: 1, down: 0 });
  });

  it("counts the VMs terminated in the last 24 hours, not every VM that ever ended", async () => {
    const c = await createCloud(db);
    const now = new Date("2026-06-01T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    for (const at of [hoursAgo(1), hoursAgo(23), hoursAgo(25), hoursAgo(24 * 30)]) await createVm(db, { cloudId: c.id, state: "terminated", stateChangedAt: at });
    await createVm(db, { cloudId: c.id, state: "running", stateChangedAt: hoursAgo(1) });

    const { totals } = await getOverview({ db, now });

    expect(totals.terminatedLastDay).toBe(2);
    expect(totals.counts.terminated).toBe(4);
  });

  it("leaves lost VMs out of live: they are gone at the provider", async () => {
    const c = await createCloud(db);
    for (const state of ["requested", "booting", "running", "draining", "error", "lost", "lost", "terminated"] as const) await createVm(db, { cloudId: c.id, state });

    const { totals, clouds } = await getOverview({ db });

    expect(clouds[0]?.counts.lost).toBe(2);
    expect(clouds[0]?.live).toBe(5);
    expect(totals.live).toBe(5);
  });

  it("flags clouds whose live VMs are stale, ignoring stale terminated rows", async () => {
    const fresh = await createCloud(db);
    const cut = await createCloud(db, { status: "down" });
    await createVm(db, { cloudId: fresh.id, stale: true, state: "terminated" });
    await createVm(db, { cloudId: cut.id, stale: true });
    await createVm(db, { cloudId: cut.id, stale: true, state: "booting" });

    const { clouds, totals } = await getOverview({ db });

    expect(clouds.find((c) => c.id === fresh.id)?.stale).toBe(0);
    expect(clouds.find((c) => c.id === cut.id)?.stale).toBe(2);
    expect(totals.stale).toBe(2);
  });

  it("shows quota use and the last VM poll, and empty cards for clouds never polled", async () => {
    const polled = await createCloud(db, { name: "polled" });
    const idle = await createCloud(db, { name: "zz-never-polled", status: "unknown" });
    await createQuota(db, { cloudId: polled.id, resource: "cores", used: 12, limit: 40, seenAt: new Date() });
    await createQuota(db, { cloudId: polled.id, resource: "instances", used: 6, limit: null, seenAt: new Date() });
    const at = new Date("2025-03-01T10:00:00Z");
    await createPollState(db, { cloudId: polled.id, resource: "vms", lastSuccessAt: at, lastAttemptAt: at, lastLatencyMs: 230 });
    await createPollState(db, { cloudId: polled.id, resource: "limits", lastLatencyMs: 999 });

    const { clouds } = await getOverview({ db });
    const card = clouds.find((c) => c.id === polled.id);

    expect(card?.quotas.map((q) => [q.resource, q.used, q.limit])).toEqual([
      ["cores", 12, 40],
      ["instances", 6, null],
    ]);
    expect(card?.lastVmPoll).toMatchObject({ lastSuccessAt: at, lastLatencyMs: 230, consecutiveFailures: 0 });
    expect(clouds.find((c) => c.id === idle.id)).toMatchObject({ live: 0, quotas: [], lastVmPoll: null, stale: 0 });
  });

  it("serves the router one overview per database for up to a second", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const c = await createCloud(db);
      await createVm(db, { cloudId: c.id });
      const first = await getRecentOverview({ db });
      await createVm(db, { cloudId: c.id });
      expect(await getRecentOverview({ db })).toBe(first);
      const other = await openTestDb();
      onTestFinished(() => closeDb(other));
      expect((await getRecentOverview({ db: other })).totals.live).toBe(0);

      vi.advanceTimersByTime(OVERVIEW_MAX_AGE_MS);
      expect((await getRecentOverview({ db })).totals.live).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never returns cloud credentials", async () => {
    await createCloud(db);
    const overview = await getOverview({ db });
    const json = JSON.stringify(overview);
    expect(json).not.toContain(FACTORY_CREDENTIALS);
    expect(json).not.toMatch(/credential/i);
  });
});
