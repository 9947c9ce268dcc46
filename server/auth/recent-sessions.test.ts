import { describe, expect, it } from "vitest";
import { rememberRecentSessions, type SessionActor } from "./recent-sessions";

const operator: SessionActor = { id: "u1", name: "operator", role: "operator" };

function withCookie(cookie: string): Headers {
  return new Headers({ cookie });
}

function setup(answer: () => Promise<SessionActor | null> = async () => operator) {
  let t = 0;
  let lookups = 0;
  const read = rememberRecentSessions(
    () => {
      lookups += 1;
      return answer();
    },
    { ttlMs: 1_000, maxEntries: 2, now: () => t },
  );
  return { read, lookups: () => lookups, advance: (ms: number) => (t += ms) };
}

describe("recent sessions", () => {
  it("checks a session once per second however many reads a page sends", async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) expect(await s.read(withCookie("cloudscope.session_token=abc.sig"))).toEqual(operator);
    expect(s.lookups()).toBe(1);
    s.advance(1_000);
    await s.read(withCookie("cloudscope.session_token=abc.sig"));
    expect(s.lookups()).toBe(2);
  });

  it("never shares an answer between different sessions, or for requests without one", async () => {
    const s = setup();
    await s.read(withCookie("cloudscope.session_token=abc.sig"));
    await s.read(withCookie("other=1; __Secure-cloudscope.session_token=def.sig"));
    await s.read(withCookie("other=1"));
    await s.read(new Headers());
    expect(s.lookups()).toBe(4);
  });

  it("does not keep a failed lookup", async () => {
    let fail = true;
    const s = setup(async () => {
      if (fail) throw new Error("database is locked");
      return operator;
    });
    await expect(s.read(withCookie("cloudscope.session_token=abc.sig"))).rejects.toThrow("locked");
    fail = false;
    expect(await s.read(withCookie("cloudscope.session_token=abc.sig"))).toEqual(operator);
    expect(s.lookups()).toBe(2);
  });

  it("stays bounded in memory", async () => {
    const s = setup();
    for (const token of ["a", "b", "c", "a"]) await s.read(withCookie(`cloudscope.session_token=${token}`));
    expect(s.lookups()).toBe(4);
  });
});
