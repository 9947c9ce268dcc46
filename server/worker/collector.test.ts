import { afterEach, beforeEach, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { openTestDb, type Db } from "@/db/client";
import { cloud, sampleHour, sampleMinute, vm } from "@/db/schema";
import { createDriver } from "../clouds/registry";
import { ManualClock } from "../sim/core/clock";
import { startDemoFleet, type DemoFleet } from "../sim/fleet";
import { listPollTargets, type PollTarget } from "../services/list-poll-targets";
import { upsertCloud } from "../services/upsert-cloud";
import { PollScheduler, runCollectorPass, type CollectorDeps } from "./collector";

const key = crypto.randomBytes(32);
let clock: ManualClock;
let fleet: DemoFleet;
let db: Db;
let deps: CollectorDeps;

function targets(): PollTarget[] {
  return listPollTargets({ db, key });
}

function liveCount(cloudName: string): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(vm)
    .innerJoin(cloud, eq(cloud.id, vm.cloudId))
    .where(sql`${cloud.name} = ${cloudName} and ${vm.state} not in ('terminated', 'lost')`)
    .get();
  return Number(row?.n ?? 0);
}

function cloudRow(name: string) {
  return db.select().from(cloud).where(eq(cloud.name, name)).get()!;
}

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  fleet = await startDemoFleet({ clock, autopilotMs: null, seed: 7 });
  db = openTestDb();
  for (const { spec, endpoint } of fleet.clouds) {
    upsertCloud({ db, key, input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 1_500 } });
  }
  deps = { db, now: () => new Date(clock.now()), random: () => 0.5, createDriver };
});

afterEach(async () => {
  await fleet.close();
});

describe("collector against the demo fleet over the real protocols", () => {
  it("brings every cloud's VMs, quotas, flavors and images into the database", async () => {
    const { errors } = await runCollectorPass(deps, targets());
    expect(errors).toEqual([]);
    for (const { spec, sim } of fleet.clouds) {
      const atProvider = sim.listVms().filter((v) => v.phase !== "deleted" && v.phase !== "stopped").length;
      expect(liveCount(spec.name), spec.name).toBe(atProvider);
      expect(cloudRow(spec.name).status, spec.name).toBe("up");
    }
    const cern = cloudRow("CERN LxCloud");
    const quotas = db.$client.prepare("select resource, used, \"limit\" from quota where cloud_id = ? order by resource").all(cern.id);
    expect(quotas).toContainEqual({ resource: "instances", used: expect.any(Number), limit: 120 });
  });

  it("keeps polling the other clouds while one hangs, and says why that one is degraded", async () => {
    fleet.clouds.find((c) => c.spec.name === "StratusLab LAL")!.sim.setFaults({ timeout: true });
    const scheduler = new PollScheduler(deps, 8);
    const started = performance.now();
    const polls = scheduler.tick(targets());
    const outcomes = await Promise.all(polls);
    const others = outcomes.filter((o) => o.cloudId !== cloudRow("StratusLab LAL").id && o.resource === "vms");
    expect(others).toHaveLength(4);
    for (const o of others) {
      expect(o.error).toBeNull();
      expect(o.latencyMs).toBeLessThan(1_000);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
    const lal = cloudRow("StratusLab LAL");
    expect(lal.status).toBe("degraded");
    expect(lal.statusReason).toMatch(/poll failed: .*(no answer|did not answer|timeout|time)/i);
  });

  it("flags a failing cloud's VMs stale and turns it down after repeated failures", async () => {
    await runCollectorPass(deps, targets(), { resources: ["vms"] });
    const helix = fleet.clouds.find((c) => c.spec.name === "Helix Nebula")!;
    const before = liveCount("Helix Nebula");
    helix.sim.setFaults({ errorRate: 1 });
    const target = targets().filter((t) => t.name === "Helix Nebula");
    for (let i = 0; i < 3; i++) {
      clock.advance(5_000);
      await runCollectorPass(deps, target, { resources: ["vms"] });
    }
    expect(liveCount("Helix Nebula")).toBe(before);
    const stale = db.$client.prepare("select count(*) n from vm where cloud_id = ? and stale = 1").get(cloudRow("Helix Nebula").id) as { n: number };
    expect(stale.n).toBe(before);
    expect(cloudRow("Helix Nebula").status).toBe("down");

    helix.sim.setFaults({ errorRate: 0 });
    await runCollectorPass(deps, target, { resources: ["vms"] });
    expect(cloudRow("Helix Nebula").status).toBe("up");
    const staleAfter = db.$client.prepare("select count(*) n from vm where stale = 1").get() as { n: number };
    expect(staleAfter.n).toBe(0);
  });

  it("marks a VM deleted behind our back as lost", async () => {
    await runCollectorPass(deps, targets(), { resources: ["vms"] });
    const uvic = fleet.clouds.find((c) => c.spec.name === "UVic Nefos")!;
    const victim = uvic.sim.listVms().find((v) => v.phase === "running")!;
    uvic.sim.deleteVm(victim.id);
    await runCollectorPass(deps, targets().filter((t) => t.name === "UVic Nefos"), { resources: ["vms"] });
    const row = db.select().from(vm).where(and(eq(vm.cloudId, cloudRow("UVic Nefos").id), eq(vm.providerId, victim.id))).get()!;
    expect(row.state).toBe("lost");
    expect(row.lastError).toMatch(/without a request/);
  });

  it("writes a per-minute sample per cloud and its hourly rollup", async () => {
    await runCollectorPass(deps, targets(), { resources: ["vms"] });
    clock.advance(60_000);
    await runCollectorPass(deps, targets(), { resources: ["vms"] });
    const cern = cloudRow("CERN LxCloud");
    const minutes = db.select().from(sampleMinute).where(eq(sampleMinute.cloudId, cern.id)).all();
    expect(minutes).toHaveLength(2);
    const live = minutes.at(-1)!;
    expect(live.requested + live.booting + live.running + live.draining + live.error).toBe(liveCount("CERN LxCloud"));
    const hour = db.select().from(sampleHour).where(eq(sampleHour.cloudId, cern.id)).get()!;
    expect(hour.polls).toBe(2);
    expect(hour.running).toBeCloseTo((minutes[0]!.running + minutes[1]!.running) / 2, 5);
  });
});
