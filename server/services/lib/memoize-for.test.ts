import { describe, expect, it } from "vitest";
import { freezeDeep, memoizeFor } from "./memoize-for";

function setUp(ttlMs = 1_000) {
  let clock = 0;
  let calls = 0;
  const pending: Array<{ resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  const get = memoizeFor(
    ttlMs,
    () => {
      calls += 1;
      return new Promise<unknown>((resolve, reject) => pending.push({ resolve, reject }));
    },
    () => clock,
  );
  return {
    get,
    advance: (ms: number) => (clock += ms),
    calls: () => calls,
    settle: async (value: unknown) => {
      pending.shift()!.resolve(value);
      await Promise.resolve();
    },
    fail: async () => {
      pending.shift()!.reject(new Error("db busy"));
      await Promise.resolve().then(() => undefined);
    },
  };
}

describe("memoizeFor", () => {
  it("shares one computation among concurrent callers", async () => {
    const m = setUp();
    const a = m.get();
    const b = m.get();
    expect(m.calls()).toBe(1);
    await m.settle(7);
    expect(await a).toBe(7);
    expect(await b).toBe(7);
  });

  it("reuses the result until the time to live has passed since it started", async () => {
    const m = setUp();
    const first = m.get();
    await m.settle(1);
    await first;
    m.advance(999);
    expect(await m.get()).toBe(1);
    expect(m.calls()).toBe(1);

    m.advance(1);
    const second = m.get();
    expect(m.calls()).toBe(2);
    await m.settle(2);
    expect(await second).toBe(2);
  });

  it("keeps sharing a computation that outlives the time to live", async () => {
    const m = setUp();
    const slow = m.get();
    m.advance(5_000);
    expect(m.get()).toBe(slow);
    expect(m.calls()).toBe(1);
    await m.settle(3);
    expect(await slow).toBe(3);
    const next = m.get();
    expect(m.calls()).toBe(2);
    await m.settle(4);
    expect(await next).toBe(4);
  });

  it("does not keep a failure", async () => {
    const m = setUp();
    const failed = m.get();
    await m.fail();
    await expect(failed).rejects.toThrow("db busy");
    const retried = m.get();
    expect(m.calls()).toBe(2);
    await m.settle(4);
    expect(await retried).toBe(4);
  });

  it("freezes the shared result so no caller changes it for the others", async () => {
    const m = setUp();
    const shared = m.get();
    await m.settle({ totals: { live: 1 }, clouds: [{ at: new Date(0), quotas: [{ used: 1 }] }] });
    const value = (await shared) as { totals: { live: number }; clouds: Array<{ quotas: Array<{ used: number }> }> };
    expect(Object.isFrozen(value.totals)).toBe(true);
    expect(Object.isFrozen(value.clouds[0]!.quotas[0])).toBe(true);
    expect(() => {
      value.totals.live = 2;
    }).toThrow(TypeError);
  });
});

describe("freezeDeep", () => {
  it("passes primitives through and does not walk into class instances", () => {
    const at = new Date(5);
    expect(freezeDeep(3)).toBe(3);
    expect(freezeDeep(null)).toBe(null);
    const frozen = freezeDeep({ at, m: new Map([["k", { n: 1 }]]) });
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(frozen.at.getTime()).toBe(5);
    expect(Object.isFrozen(frozen.m.get("k"))).toBe(false);
  });
});
