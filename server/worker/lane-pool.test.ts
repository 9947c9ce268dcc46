import { describe, expect, it } from "vitest";
import { LanePool, type ReleaseLane } from "./lane-pool";

/** Takes lanes in order and records who got one. */
function contend(pool: LanePool, callers: { name: string; cloudId: number; urgent?: boolean }[]) {
  const granted: string[] = [];
  const releases = new Map<string, ReleaseLane>();
  for (const c of callers)
    void pool.acquire(c.cloudId, c.urgent ?? false).then((release) => {
      granted.push(c.name);
      releases.set(c.name, release);
    });
  return { granted, release: (name: string) => releases.get(name)!() };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("lane pool", () => {
  it("gives one cloud no more than its share, leaving lanes to the others", async () => {
    const pool = new LanePool(4, 2);
    const { granted } = contend(pool, [
      { name: "a1", cloudId: 1 },
      { name: "a2", cloudId: 1 },
      { name: "a3", cloudId: 1 },
      { name: "b1", cloudId: 2 },
    ]);
    await settle();
    expect(granted).toEqual(["a1", "a2", "b1"]);
  });

  it("hands a freed lane to a waiting destroy or drain before an older launch", async () => {
    const pool = new LanePool(2);
    const { granted, release } = contend(pool, [
      { name: "launch1", cloudId: 1 },
      { name: "launch2", cloudId: 1 },
      { name: "launch3", cloudId: 1 },
      { name: "destroy", cloudId: 2, urgent: true },
    ]);
    await settle();
    expect(granted).toEqual(["launch1", "launch2"]);
    release("launch1");
    release("launch1"); // a second release frees nothing more
    await settle();
    expect(granted).toEqual(["launch1", "launch2", "destroy"]);
    release("destroy");
    await settle();
    expect(granted).toEqual(["launch1", "launch2", "destroy", "launch3"]);
  });
});
