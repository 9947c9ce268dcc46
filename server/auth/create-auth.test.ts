import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { account, auditLog, session, user } from "@/db/schema";
import { PEER_ADDRESS_HEADER } from "@/server/http/peer-address";
import { createFirstAdmin } from "@/server/services/create-first-admin";
import { createUser } from "@/server/services/create-user";
import { ensureDemoUsers } from "@/server/services/ensure-demo-users";
import { setUserDisabled } from "@/server/services/set-user-disabled";
import { testActor } from "@/server/testing/actors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { createAuth, SIGN_IN_ATTEMPTS_PER_MINUTE } from "./create-auth";
import { readActor } from "./read-actor";

const BASE = "http://localhost:3000";

let db: Db | undefined;
afterEach(async () => {
  if (db) await closeDb(db);
  db = undefined;
});

async function setUp() {
  db = await openTestDb();
  const auth = createAuth({ db, secret: "test-secret-".padEnd(48, "x"), baseURL: BASE });
  return { db, auth };
}

let ipSeq = 0;
/** Each test signs in from its own address, so the per-IP limit of one test does not leak into another. */
function nextIp(): string {
  ipSeq += 1;
  return `198.51.100.${ipSeq}`;
}

/** As handleAuthRequest forwards it: the resolved address in CLIENT_IP_HEADER, whatever X-Forwarded-For says. */
async function signIn(auth: ReturnType<typeof createAuth>, username: string, password: string, ip: string, forwardedFor = ip) {
  return auth.handler(
    new Request(`${BASE}/api/auth/sign-in/username`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, [CLIENT_IP_HEADER]: ip, "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ username, password }),
    }),
  );
}

function cookieHeaderFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function makeUser(db: Db, username: string, role: "shifter" | "operator" | "admin", password = "correct horse battery") {
  return createUser({ db, actor: testActor("admin"), input: { username, password, role } });
}

describe("sign-in with better-auth", () => {
  it("signs a user in by username and password and resolves the cookie to an actor", async () => {
    const { db, auth } = await setUp();
    const created = await makeUser(db, "alice", "operator");
    const res = await signIn(auth, "Alice", "correct horse battery", nextIp());
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/cloudscope\.session_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    // X-Forwarded-For is whatever the client sent; the socket's address (stamped by our server) is where it came from.
    const headers = new Headers({ cookie: cookieHeaderFrom(res), "x-forwarded-for": "203.0.113.9", [PEER_ADDRESS_HEADER]: "10.0.0.1" });
    expect(await readActor(auth, db, headers)).toEqual({ id: created.id, name: "alice", role: "operator", ip: "10.0.0.1" });
    expect(await db.select().from(session).all()).toHaveLength(1);
  });

  it("stores only the library's hash of the password", async () => {
    const { db } = await setUp();
    await makeUser(db, "bob", "shifter", "a very secret phrase");
    const stored = (await db.select({ password: account.password }).from(account).get())!.password!;
    expect(stored).not.toContain("a very secret phrase");
    expect(stored.length).toBeGreaterThan(40);
  });

  it("answers a wrong password or unknown user with the same 401", async () => {
    const { db, auth } = await setUp();
    await makeUser(db, "carol", "shifter");
    const ip = nextIp();
    const wrong = await signIn(auth, "carol", "not the password", ip);
    const unknown = await signIn(auth, "nobody", "not the password", ip);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).message).toBe((await unknown.json()).message);
    expect(await readActor(auth, db, new Headers())).toBeNull();
  });

  it(`limits sign-in to ${SIGN_IN_ATTEMPTS_PER_MINUTE} attempts a minute per client IP`, async () => {
    const { db, auth } = await setUp();
    await makeUser(db, "dave", "shifter");
    const ip = nextIp();
    // A made-up X-Forwarded-For per attempt does not escape the limit: it keys on the resolved address.
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) expect((await signIn(auth, "dave", "guess", ip, `192.0.2.${i + 1}`)).status).toBe(401);
    const limited = await signIn(auth, "dave", "correct horse battery", ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn(auth, "dave", "correct horse battery", nextIp())).status).toBe(200);
  });

  it("refuses self sign-up: accounts are made by admins", async () => {
    const { auth } = await setUp();
    const res = await auth.handler(
      new Request(`${BASE}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": nextIp() },
        body: JSON.stringify({ email: "eve@example.org", password: "correct horse battery", name: "eve", username: "eve" }),
      }),
    );
    expect(res.status).toBe(404);
  });

  it("refuses a sign-in posted from another site", async () => {
    const { db, auth } = await setUp();
    await makeUser(db, "frank", "shifter");
    const res = await auth.handler(
      new Request(`${BASE}/api/auth/sign-in/username`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", "x-forwarded-for": nextIp(), cookie: "cloudscope.session_token=x" },
        body: JSON.stringify({ username: "frank", password: "correct horse battery" }),
      }),
    );
    expect(res.status).toBe(403);
  });

  it("keeps a disabled user out: their sessions end and they cannot sign in again", async () => {
    const { db, auth } = await setUp();
    const target = await makeUser(db, "grace", "operator");
    const res = await signIn(auth, "grace", "correct horse battery", nextIp());
    const cookie = cookieHeaderFrom(res);
    expect(await readActor(auth, db, new Headers({ cookie }))).not.toBeNull();

    await setUserDisabled({ db, actor: testActor("admin"), input: { userId: target.id, disabled: true } });
    expect(await readActor(auth, db, new Headers({ cookie }))).toBeNull();
    const again = await signIn(auth, "grace", "correct horse battery", nextIp());
    expect(again.status).toBe(401);
    expect(await db.select().from(session).where(eq(session.userId, target.id)).all()).toEqual([]);
  });

  it("answers a disabled account's right password exactly as a wrong one, so a guesser learns nothing", async () => {
    const { db, auth } = await setUp();
    const target = await makeUser(db, "heidi", "operator");
    await setUserDisabled({ db, actor: testActor("admin"), input: { userId: target.id, disabled: true } });
    const right = await signIn(auth, "heidi", "correct horse battery", nextIp());
    const wrong = await signIn(auth, "heidi", "a wrong guess", nextIp());
    expect(right.status).toBe(401);
    expect([right.status, await right.json()]).toEqual([wrong.status, await wrong.json()]);
    expect(right.headers.getSetCookie()).toEqual([]);
  });

  it("with local sign-in off, refuses every password but the break-glass admin's, as a wrong one", async () => {
    db = await openTestDb();
    const auth = createAuth({ db, secret: "test-secret-".padEnd(48, "x"), baseURL: BASE, localLogin: false });
    await createFirstAdmin({ db, input: { username: "breakglass", password: "correct horse battery" } });
    await makeUser(db, "ivan", "operator");
    const refused = await signIn(auth, "ivan", "correct horse battery", nextIp());
    const wrong = await signIn(auth, "ivan", "a wrong guess", nextIp());
    expect([refused.status, await refused.json()]).toEqual([wrong.status, await wrong.json()]);
    expect(refused.headers.getSetCookie()).toEqual([]);
    const admitted = await signIn(auth, "breakglass", "correct horse battery", nextIp());
    expect(admitted.status).toBe(200);
    expect((await readActor(auth, db, new Headers({ cookie: cookieHeaderFrom(admitted) })))?.role).toBe("admin");
  });

  it("seeds the three demo users once, each signing in with the demo password", async () => {
    const { db, auth } = await setUp();
    expect((await ensureDemoUsers({ db })).map((u) => [u.username, u.role, u.created])).toEqual([
      ["shifter", "shifter", true],
      ["operator", "operator", true],
      ["admin", "admin", true],
    ]);
    expect((await ensureDemoUsers({ db, password: "other" })).every((u) => !u.created)).toBe(true);
    expect(await db.select().from(user).all()).toHaveLength(3);
    expect((await db.select().from(auditLog).all()).map((a) => a.verb)).toEqual(["users.create", "users.create", "users.create"]);
    const res = await signIn(auth, "operator", "demo", nextIp());
    expect(res.status).toBe(200);
    expect((await readActor(auth, db, new Headers({ cookie: cookieHeaderFrom(res) })))?.role).toBe("operator");
  });
});
