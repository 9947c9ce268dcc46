import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { ADDRESS_SCHEDULE, SIGN_IN_RUN_MS, USERNAME_SCHEDULE } from "@/server/domain/sign-in-delay";
import { createUser } from "@/server/services/create-user";
import { unlockSignIn } from "@/server/services/unlock-sign-in";
import { testActor } from "@/server/testing/actors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { createAuth } from "./create-auth";
import { createSignInThrottle } from "./sign-in-throttle";

const BASE = "http://localhost:3000";
const PASSWORD = "correct horse battery";
const ALICE_HOME = "192.0.2.10";

let ipSeq = 0;
/** A fresh address per attempt, as an attacker with many addresses would have. */
function nextIp(): string {
  ipSeq += 1;
  return `198.18.${Math.floor(ipSeq / 250)}.${(ipSeq % 250) + 1}`;
}

let db: Db | undefined;
afterEach(async () => {
  if (db) await closeDb(db);
  db = undefined;
});

async function setUp() {
  db = await openTestDb();
  const auth = createAuth({ db, secret: "test-secret-".padEnd(48, "x"), baseURL: BASE });
  let clock = Date.parse("2025-01-01T00:00:00Z");
  // Two web processes over one database.
  const throttles = [createSignInThrottle({ db, now: () => clock }), createSignInThrottle({ db, now: () => clock })];
  let turn = 0;
  const alice = await createUser({ db, actor: testActor("admin"), input: { username: "alice", password: PASSWORD, role: "operator" } });
  await createUser({ db, actor: testActor("admin"), input: { username: "bob", password: PASSWORD, role: "shifter" } });
  const signIn = (username: string, password: string, init: { body?: string; contentType?: string; ip?: string } = {}) =>
    throttles[turn++ % 2]!.guard(
      new Request(`${BASE}/api/auth/sign-in/username`, {
        method: "POST",
        headers: { "content-type": init.contentType ?? "application/json", origin: BASE, [CLIENT_IP_HEADER]: init.ip ?? nextIp() },
        body: init.body ?? JSON.stringify({ username, password }),
      }),
      (r) => auth.handler(r),
    );
  /** Guesses at `username` from ever new addresses as fast as the delay lets through, for `ms`; returns how many reached the password check. */
  async function guessFor(username: string, ms: number, everyMs = 5_000): Promise<number> {
    let checked = 0;
    for (const end = clock + ms; clock < end; clock += everyMs) if ((await signIn(username, "guess")).status === 401) checked++;
    return checked;
  }
  return { db, alice, signIn, guessFor, advance: (ms: number) => (clock += ms) };
}

describe("progressive delay on failed sign-ins", () => {
  it("lets a guesser with any number of addresses check at most about 10 passwords per username per 10 minutes", async () => {
    const { guessFor } = await setUp();
    expect(await guessFor("alice", SIGN_IN_RUN_MS)).toBeLessThanOrEqual(12);
    expect(await guessFor("alice", SIGN_IN_RUN_MS)).toBeLessThanOrEqual(10);
    expect(await guessFor("alice", SIGN_IN_RUN_MS)).toBeLessThanOrEqual(10);
  });

  it("delays the user with the right password instead of refusing them, and the wait says how long", async () => {
    const { signIn, guessFor, advance } = await setUp();
    await guessFor("alice", 3 * SIGN_IN_RUN_MS);
    const refused = await signIn("ALICE", PASSWORD);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await refused.json()).message).toBe(`Too many failed sign-ins; try again in ${wait} s`);
    // Other users are not affected.
    expect((await signIn("bob", PASSWORD)).status).toBe(200);

    advance(wait * 1000);
    expect((await signIn("alice", PASSWORD)).status).toBe(200);
  });

  it("keeps letting the user in from an address they signed in from, however fast others guess at their name", async () => {
    const { signIn, guessFor } = await setUp();
    expect((await signIn("alice", PASSWORD, { ip: ALICE_HOME })).status).toBe(200);
    for (let round = 0; round < 3; round++) {
      await guessFor("alice", SIGN_IN_RUN_MS, 1_000);
      expect((await signIn("alice", PASSWORD, { ip: ALICE_HOME })).status).toBe(200);
    }
    // Guessing from that address is delayed like any other.
    const fromHome = await Promise.all(Array.from({ length: 5 }, () => signIn("alice", "guess", { ip: ALICE_HOME })));
    expect(fromHome.map((r) => r.status).sort()).toEqual([401, 401, 429, 429, 429]);
  });

  it("counts guesses sent in parallel before any of them is answered", async () => {
    const { signIn } = await setUp();
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => signIn("alice", "guess")))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(USERNAME_SCHEDULE.free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - USERNAME_SCHEDULE.free);
  });

  it("delays one address guessing at many usernames", async () => {
    const { signIn } = await setUp();
    const ip = "203.0.113.7";
    for (let i = 0; i < ADDRESS_SCHEDULE.free; i++) expect((await signIn(`nobody${i}`, "guess", { ip })).status).toBe(401);
    expect((await signIn("bob", PASSWORD, { ip })).status).toBe(429);
    expect((await signIn("bob", PASSWORD)).status).toBe(200);
  });

  it("lets an admin unlock a user at once", async () => {
    const { db, alice, signIn, guessFor } = await setUp();
    await guessFor("alice", SIGN_IN_RUN_MS);
    expect((await signIn("alice", PASSWORD)).status).toBe(429);
    await unlockSignIn({ db, actor: testActor("admin"), input: { userId: alice.id } });
    expect((await signIn("alice", PASSWORD)).status).toBe(200);
  });

  it("does not count refusals other than a wrong password", async () => {
    const { signIn } = await setUp();
    const form = new URLSearchParams({ username: "alice", password: "guess" }).toString();
    for (let i = 0; i < 5; i++) expect((await signIn("", "", { body: form, contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await signIn("alice", PASSWORD)).status).toBe(200);
  });

  it("refuses a sign-in whose username it cannot read, so no body format escapes the count", async () => {
    const { signIn } = await setUp();
    expect((await signIn("", "", { body: "username=alice&password=guess", contentType: "text/plain" })).status).toBe(400);
    expect((await signIn("", "", { body: JSON.stringify({ password: "guess" }) })).status).toBe(400);
  });
});
