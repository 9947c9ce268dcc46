import { describe, expect, it } from "vitest";
import { planLeases } from "./lease-plan";

const now = new Date("2026-01-01T00:00:00Z");
const later = new Date(now.getTime() + 10_000);
const earlier = new Date(now.getTime() - 1);
const clouds = Array.from({ length: 6 }, (_, i) => `cloud:${i + 1}`);
const LEASE = { leaseMs: 10_000, liveWindowMs: 10_000 };
const peer = (id: string, startedAgoMs = 60_000) => ({ id, beatAt: now, startedAt: new Date(now.getTime() - startedAgoMs) });
const one = [peer("w1")];
const two = [peer("w1"), peer("w2", 1_000)];

describe("planLeases", () => {
  it("a lone worker takes every cloud", () => {
    const plan = planLeases({ me: "w1", names: clouds, held: [], peers: one, now, ...LEASE });
    expect(plan.take.sort()).toEqual([...clouds].sort());
  });

  it("two workers split the clouds, and neither takes what the other holds", () => {
    const first = planLeases({ me: "w1", names: clouds, held: [], peers: two, now, ...LEASE });
    expect(first.take).toHaveLength(3);
    const held = first.take.map((name) => ({ name, owner: "w1", until: later }));
    const second = planLeases({ me: "w2", names: clouds, held, peers: two, now, ...LEASE });
    expect(second.take.sort()).toEqual(clouds.filter((c) => !first.take.includes(c)).sort());
  });

  it("a worker over its share after another joins gives the excess back", () => {
    const held = clouds.map((name) => ({ name, owner: "w1", until: later }));
    const plan = planLeases({ me: "w1", names: clouds, held, peers: two, now, ...LEASE });
    expect(plan.renew).toHaveLength(3);
    expect(plan.release).toHaveLength(3);
  });

  it("the survivor takes a killed worker's clouds once their leases run out, not before, even while its last heartbeat is recent", () => {
    const held = [
      ...clouds.slice(0, 3).map((name) => ({ name, owner: "w1", until: later })),
      ...clouds.slice(3).map((name) => ({ name, owner: "dead", until: later })),
    ];
    const peers = [peer("w1"), peer("dead")];
    expect(planLeases({ me: "w1", names: clouds, held, peers, now, ...LEASE }).take).toEqual([]);
    const ranOut = held.map((l) => (l.owner === "dead" ? { ...l, until: earlier } : l));
    const plan = planLeases({ me: "w1", names: clouds, held: ranOut, peers, now, ...LEASE });
    expect(plan.take.sort()).toEqual(clouds.slice(3));
    expect(plan.release).toEqual([]);
  });

  it("a worker that just started counts before it holds anything, so the others make room", () => {
    const held = clouds.map((name) => ({ name, owner: "w1", until: later }));
    expect(planLeases({ me: "w1", names: clouds, held, peers: two, now, ...LEASE }).release).toHaveLength(3);
    const longGone = [peer("w1"), peer("w2", 60_000)];
    expect(planLeases({ me: "w1", names: clouds, held, peers: longGone, now, ...LEASE }).release).toEqual([]);
  });

  it("lets go of a cloud that is no longer polled", () => {
    const plan = planLeases({ me: "w1", names: clouds.slice(1), held: [{ name: clouds[0]!, owner: "w1", until: later }], peers: one, now, ...LEASE });
    expect(plan.release).toEqual([clouds[0]]);
  });
});
