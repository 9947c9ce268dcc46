import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { workerHeartbeat } from "@/db/schema";
import { holdLease, keepPollLeases, listWorkers, MAINTENANCE_LEASE, releaseLeases } from "./work-leases";

const LEASE_MS = 15_000;
const LIVE_MS = 10_000;
const clouds = Array.from({ length: 10 }, (_, i) => i + 1);
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

let db: Db;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await closeDb(db);
});

async function beat(workerId: string, now: Date) {
  await db
    .insert(workerHeartbeat)
    .values({ id: workerId, pid: 1, beatAt: now, startedAt: t0 })
    .onConflictDoUpdate({ target: workerHeartbeat.id, set: { beatAt: now } })
    .run();
}
const keep = (workerId: string, now: Date) => keepPollLeases({ db, input: { workerId, now, leaseMs: LEASE_MS, liveWindowMs: LIVE_MS, cloudIds: clouds } });

describe("work leases", () => {
  it("two workers polling at once each get half the clouds, never the same one", async () => {
    await beat("w1", t0);
    await beat("w2", t0);
    const [a, b] = await Promise.all([keep("w1", t0), keep("w2", t0)]);
    const [a2, b2] = await Promise.all([keep("w1", at(1000)), keep("w2", at(1000))]);
    expect([...a2, ...b2].sort((x, y) => x - y)).toEqual(clouds);
    expect(a2.filter((id) => b2.includes(id))).toEqual([]);
    expect(a2).toHaveLength(5);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it("when a worker dies, the other takes its clouds within one lease period", async () => {
    await beat("w1", t0);
    await beat("w2", t0);
    await keep("w1", t0);
    await keep("w2", t0);
    // w2 is killed: no more heartbeats, no renewals. w1 goes on.
    for (let ms = 2000; ms < LEASE_MS; ms += 2000) {
      await beat("w1", at(ms));
      expect((await keep("w1", at(ms))).length).toBeLessThan(clouds.length);
    }
    await beat("w1", at(LEASE_MS + 1000));
    expect(await keep("w1", at(LEASE_MS + 1000))).toEqual(clouds);
  });

  it("one maintenance holder at a time, handed over on release", async () => {
    const input = { now: t0, leaseMs: LEASE_MS, name: MAINTENANCE_LEASE };
    const [first, second] = await Promise.all([holdLease({ db, input: { ...input, workerId: "w1" } }), holdLease({ db, input: { ...input, workerId: "w2" } })]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const holder = first ? "w1" : "w2";
    const other = first ? "w2" : "w1";
    expect(await holdLease({ db, input: { ...input, now: at(1000), workerId: holder } })).toBe(true);
    await releaseLeases({ db, input: { workerId: holder } });
    expect(await holdLease({ db, input: { ...input, now: at(2000), workerId: other } })).toBe(true);
  });

  it("lists each worker with what it holds and whether it is alive", async () => {
    await beat("w1", t0);
    await beat("w2", t0);
    await keep("w1", t0);
    await holdLease({ db, input: { workerId: "w1", now: t0, leaseMs: LEASE_MS, name: MAINTENANCE_LEASE } });
    await beat("w1", at(12_000));
    const workers = await listWorkers({ db, input: { now: at(12_000), liveWindowMs: LIVE_MS, forgetAfterMs: 3_600_000 } });
    expect(workers.map((w) => [w.id, w.alive, w.maintenance])).toEqual([
      ["w1", true, true],
      ["w2", false, false],
    ]);
    expect(workers[0]!.cloudIds.length).toBe(5);
  });
});
