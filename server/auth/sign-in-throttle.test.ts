import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { createUser } from "@/server/services/create-user";
import { setUserDisabled } from "@/server/services/set-user-disabled";
import { testActor } from "@/server/testing/actors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { createAuth } from "./create-auth";
import { createSignInThrottle, FAILED_SIGN_IN_WINDOW_MS, FAILED_SIGN_INS_PER_USER } from "./sign-in-throttle";

const BASE = "http://localhost:3000";
const PASSWORD = "correct horse battery";

let ipSeq = 0;
/** A fresh address per attempt, as a client choosing its own X-Forwarded-For would have. */
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
  const throttle = createSignInThrottle({ now: () => clock });
  const alice = await createUser({ db, actor: testActor("admin"), input: { username: "alice", password: PASSWORD, role: "operator" } });
  await createUser({ db, actor: testActor("admin"), input: { username: "bob", password: PASSWORD, role: "shifter" } });
  const signIn = (username: string, password: string, init: { body?: string; contentType?: string } = {}) =>
    throttle.guard(
      new Request(`${BASE}/api/auth/sign-in/username`, {
        method: "POST",
        headers: { "content-type": init.contentType ?? "application/json", origin: BASE, [CLIENT_IP_HEADER]: nextIp() },
        body: init.body ?? JSON.stringify({ username, password }),
      }),
      (r) => auth.handler(r),
    );
  return { db, alice, signIn, advance: (ms: number) => (clock += ms) };
}

describe("per-username limit on failed sign-ins", () => {
  it(`refuses a user after ${FAILED_SIGN_INS_PER_USER} failures from any addresses, even with the right password, until the window passes`, async () => {
    const { signIn, advance } = await setUp();
    for (let i = 0; i < FAILED_SIGN_INS_PER_USER; i++) expect((await signIn("alice", "guess")).status).toBe(401);
    advance(60_000);
    const refused = await signIn("ALICE", PASSWORD);
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toBe("Too many failed sign-ins for this user; try again in 9 min");
    expect(Number(refused.headers.get("retry-after"))).toBe(9 * 60);
    // Other users are not affected.
    expect((await signIn("bob", PASSWORD)).status).toBe(200);

    advance(FAILED_SIGN_IN_WINDOW_MS - 60_000);
    expect((await signIn("alice", PASSWORD)).status).toBe(200);
  });

  it("forgets a user's failures once they sign in", async () => {
    const { signIn } = await setUp();
    for (let i = 0; i < FAILED_SIGN_INS_PER_USER - 1; i++) expect((await signIn("alice", "guess")).status).toBe(401);
    expect((await signIn("alice", PASSWORD)).status).toBe(200);
    for (let i = 0; i < FAILED_SIGN_INS_PER_USER; i++) expect((await signIn("alice", "guess")).status).toBe(401);
    expect((await signIn("alice", "guess")).status).toBe(429);
  });

  it("counts guesses sent in parallel before any of them is answered", async () => {
    const { signIn } = await setUp();
    const statuses = (await Promise.all(Array.from({ length: 3 * FAILED_SIGN_INS_PER_USER }, () => signIn("alice", "guess")))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FAILED_SIGN_INS_PER_USER);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * FAILED_SIGN_INS_PER_USER);
  });

  it("does not count refusals other than a wrong password", async () => {
    const { db, alice, signIn } = await setUp();
    await setUserDisabled({ db, actor: testActor("admin"), input: { userId: alice.id, disabled: true } });
    for (let i = 0; i < FAILED_SIGN_INS_PER_USER + 2; i++) expect((await signIn("alice", PASSWORD)).status).toBe(403);
    await setUserDisabled({ db, actor: testActor("admin"), input: { userId: alice.id, disabled: false } });
    const form = new URLSearchParams({ username: "alice", password: "guess" }).toString();
    for (let i = 0; i < FAILED_SIGN_INS_PER_USER + 2; i++) expect((await signIn("", "", { body: form, contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await signIn("alice", PASSWORD)).status).toBe(200);
  });

  it("refuses a sign-in whose username it cannot read, so no body format escapes the count", async () => {
    const { signIn } = await setUp();
    expect((await signIn("", "", { body: "username=alice&password=guess", contentType: "text/plain" })).status).toBe(400);
    expect((await signIn("", "", { body: JSON.stringify({ password: "guess" }) })).status).toBe(400);
  });
});
