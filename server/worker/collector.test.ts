import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import crypto from "node:crypto";
import { and, asc, count, eq, notInArray } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, openTestDb, queryRows, type Db } from "@/db/client";
import { cloud, pollLog, pollState, quota, sampleHour, sampleMinute, vm } from "@/db/schema";
import { createDriver } from "../clouds/driver-registry";
import { ManualClock } from "../sim/core/clock";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { listPollTargets, type PollTarget } from "../services/list-poll-targets";
import { ensureDemoEndorser } from "../services/images/ensure-demo-endorser";
import { ensureDemoImages } from "../services/images/ensure-demo-images";
import { tallyVmsByCloud } from "../services/lib/vm-tally";
import { goldenImageIdFor } from "../sim/fleet";
import { upsertCloud } from "../services/upsert-cloud";
import { PollScheduler, runCollectorPass, type CollectorDeps } from "./collector";

const key = crypto.randomBytes(32);
let clock: ManualClock;
let fleet: DemoFleet;
let db: Db;
let deps: CollectorDeps;

function targets(): Promise<PollTarget[]> {
  return listPollTargets({ db, key });
}

async function liveCount(cloudName: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(vm)
    .innerJoin(cloud, eq(cloud.id, vm.cloudId))
    .where(and(eq(cloud.name, cloudName), notInArray(vm.state, ["terminated", "lost"])));
  return row?.n ?? 0;
}

async function staleCount(cloudId?: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(vm)
    .where(and(cloudId === undefined ? undefined : eq(vm.cloudId, cloudId), eq(vm.stale, true)));
  return row?.n ?? 0;
}

async function cloudRow(name: string) {
  return (await db.select().from(cloud).where(eq(cloud.name, name)).get())!;
}

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  fleet = await startDemoFleet({ clock, autopilotMs: null, seed: 7 });
  db = await openTestDb();
  for (const { spec, endpoint } of fleet.clouds) {
    await upsertCloud({ db, key, input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 4_000 } });
  }
  deps = { db, now: () => new Date(clock.now()), random: () => 0.5, createDriver };
});

afterEach(async () => {
  await fleet.close();
  await closeDb(db);
});

describe("collector against the demo fleet over the real protocols", () => {
  it("brings every cloud's VMs, quotas, flavors and images into the database", async () => {
    const { errors } = await runCollectorPass(deps, await targets());
    expect(errors).toEqual([]);
    for (const { spec, sim } of fleet.clouds) {
      const atProvider = sim.listVms().filter((v) => v.phase !== "deleted" && v.phase !== "stopped").length;
      expect(await liveCount(spec.name), spec.name).toBe(atProvider);
      expect((await cloudRow(spec.name)).status, `${spec.name}: ${(await cloudRow(spec.name)).statusReason}`).toBe("up");
    }
    const cern = await cloudRow("CERN LxCloud");
    const quotas = await db
      .select({ resource: quota.resource, used: quota.used, limit: quota.limit })
      .from(quota)
      .where(eq(quota.cloudId, cern.id))
      .orderBy(asc(quota.resource));
    expect(quotas).toContainEqual({ resource: "instances", used: expect.any(Number), limit: 120 });
  });

  it("sees the demo fleet's VMs on the demo catalogue's production version: no cloud counts VMs on revoked or unknown images", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-golden-"));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    await ensureDemoEndorser({ db, secretKey: key });
    const clouds = await db.select({ id: cloud.id, name: cloud.name, kind: cloud.kind }).from(cloud).all();
    const versionId = await ensureDemoImages({
      db,
      config: { dir, maxBytes: 10 * 1024 * 1024, listLifetimeMs: 1 },
      signing: { secretKey: key, lifetimeMs: 86_400_000, baseUrl: "http://localhost:3000" },
      copies: clouds.map((c) => ({ cloudId: c.id, cloudName: c.name, providerImageId: goldenImageIdFor(c.kind) })),
    });
    expect((await runCollectorPass(deps, await targets(), { resources: ["images"] })).errors).toEqual([]);
    expect((await runCollectorPass(deps, await targets(), { resources: ["vms"] })).errors).toEqual([]);

    const tallies = await tallyVmsByCloud(db);
    for (const c of clouds) expect({ cloud: c.name, live: tallies.get(c.id)?.live, doubtful: tallies.get(c.id)?.onDoubtfulImages }).toEqual({ cloud: c.name, live: expect.any(Number), doubtful: 0 });
    const classes = await db.selectDistinct({ imageClass: vm.imageClass, imageVersionId: vm.imageVersionId, imageModified: vm.imageModified }).from(vm).all();
    expect(classes).toEqual([{ imageClass: "production", imageVersionId: versionId, imageModified: null }]);
  });

  it("keeps polling the other clouds while one hangs, and says why that one is degraded", async () => {
    fleet.clouds.find((c) => c.spec.name === "StratusLab LAL")!.sim.setFaults({ timeout: true });
    const lalId = (await cloudRow("StratusLab LAL")).id;
    const scheduler = new PollScheduler(deps, 8);
    const polls = await scheduler.tick(await targets());
    // Every other cloud's VM list is in while the hung cloud's poll still waits for its timeout.
    let lalAnswered = false;
    const others: Awaited<(typeof polls)[number]>[] = [];
    await new Promise<void>((othersIn) => {
      for (const poll of polls) {
        void poll.then((o) => {
          if (o.resource !== "vms") return;
          if (o.cloudId === lalId) lalAnswered = true;
          else if (others.push(o) === 4) othersIn();
        });
      }
    });
    expect(lalAnswered).toBe(false);
    await Promise.all(polls);
    expect(others).toHaveLength(4);
    for (const o of others) expect(o.error).toBeNull();
    const lal = await cloudRow("StratusLab LAL");
    expect(lal.status).toBe("degraded");
    expect(lal.statusReason).toMatch(/poll failed: .*(no answer|did not answer|timeout|time)/i);
  });

  it("flags a failing cloud's VMs stale and turns it down after repeated failures", async () => {
    await runCollectorPass(deps, await targets(), { resources: ["vms"] });
    const helix = fleet.clouds.find((c) => c.spec.name === "Helix Nebula")!;
    const before = await liveCount("Helix Nebula");
    helix.sim.setFaults({ errorRate: 1 });
    const target = (await targets()).filter((t) => t.name === "Helix Nebula");
    for (let i = 0; i < 3; i++) {
      clock.advance(5_000);
      await runCollectorPass(deps, target, { resources: ["vms"] });
    }
    expect(await liveCount("Helix Nebula")).toBe(before);
    expect(await staleCount((await cloudRow("Helix Nebula")).id)).toBe(before);
    expect((await cloudRow("Helix Nebula")).status).toBe("down");

    helix.sim.setFaults({ errorRate: 0 });
    await runCollectorPass(deps, target, { resources: ["vms"] });
    expect((await cloudRow("Helix Nebula")).status).toBe("up");
    expect(await staleCount()).toBe(0);
  });

  it("marks a VM deleted behind our back as lost", async () => {
    await runCollectorPass(deps, await targets(), { resources: ["vms"] });
    const uvic = fleet.clouds.find((c) => c.spec.name === "UVic Nefos")!;
    const victim = uvic.sim.listVms().find((v) => v.phase === "running")!;
    uvic.sim.deleteVm(victim.id);
    await runCollectorPass(deps, (await targets()).filter((t) => t.name === "UVic Nefos"), { resources: ["vms"] });
    const row = (await db
      .select()
      .from(vm)
      .where(and(eq(vm.cloudId, (await cloudRow("UVic Nefos")).id), eq(vm.providerId, victim.id)))
      .get())!;
    expect(row.state).toBe("lost");
    expect(row.lastError).toMatch(/without a request/);
  });

  it("writes a per-minute sample per cloud and its hourly rollup", async () => {
    await runCollectorPass(deps, await targets(), { resources: ["vms"] });
    clock.advance(60_000);
    await runCollectorPass(deps, await targets(), { resources: ["vms"] });
    const cern = await cloudRow("CERN LxCloud");
    const minutes = await db.select().from(sampleMinute).where(eq(sampleMinute.cloudId, cern.id)).orderBy(asc(sampleMinute.ts)).all();
    expect(minutes).toHaveLength(2);
    const live = minutes.at(-1)!;
    expect(live.requested + live.booting + live.running + live.draining + live.error).toBe(await liveCount("CERN LxCloud"));
    const hour = (await db.select().from(sampleHour).where(eq(sampleHour.cloudId, cern.id)).get())!;
    expect(hour.polls).toBe(2);
    expect(hour.running).toBeCloseTo((minutes[0]!.running + minutes[1]!.running) / 2, 5);
  });

  it("logs a database error while recording a poll, never holding it against the cloud, and retries on the next pass", async () => {
    const report = vi.fn();
    const cern = (await targets()).filter((t) => t.name === "CERN LxCloud");
    const before = await cloudRow("CERN LxCloud");
    // The first poll inserts VMs with their first events: without vm_event, recording it fails in
    // our database, while recording a failed poll (which writes no event) would still work.
    await queryRows(db, "alter table vm_event rename to vm_event_away");
    const { results, errors } = await runCollectorPass({ ...deps, report }, cern, { resources: ["vms"] });

    expect(results).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ cloudId: before.id, failedAt: "database", error: expect.stringMatching(/^Database error while recording the poll/) })]);
    expect(report).toHaveBeenCalledWith(expect.stringMatching(/recording the vms poll of CERN LxCloud \(a database error, not the cloud's\)/), expect.anything());
    expect(await cloudRow("CERN LxCloud")).toMatchObject({ status: before.status, statusReason: before.statusReason });
    expect(await db.select().from(pollLog).where(eq(pollLog.cloudId, before.id))).toEqual([]);
    expect(await db.select().from(pollState).where(eq(pollState.cloudId, before.id))).toEqual([]);
    expect(await liveCount("CERN LxCloud")).toBe(0);

    await queryRows(db, "alter table vm_event_away rename to vm_event");
    const retried = await runCollectorPass({ ...deps, report }, cern, { resources: ["vms"] });
    expect(retried.errors).toEqual([]);
    expect((await cloudRow("CERN LxCloud")).status).toBe("up");
    expect(await liveCount("CERN LxCloud")).toBeGreaterThan(0);
  });
});
