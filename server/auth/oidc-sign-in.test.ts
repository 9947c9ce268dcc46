import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { account, auditLog, session, user } from "@/db/schema";
import { parseGroupRoleMap } from "@/server/domain/group-roles";
import { describeSsoRefusal } from "@/server/domain/sso-refusals";
import { setUserRole } from "@/server/services/set-user-role";
import { testActor } from "@/server/testing/actors";
import { startTestOidcProvider, type TestOidcProvider, type TestOidcUser } from "@/server/testing/oidc-test-provider";
import { auditSsoRefusals } from "./audit-sso-refusals";
import { CLIENT_IP_HEADER } from "./client-ip";
import { createAuth, OIDC_PROVIDER_ID } from "./create-auth";
import { readActor } from "./read-actor";

const BASE = "http://localhost:3000";
const IP = "198.51.100.77";

const alice: TestOidcUser = { sub: "alice-sub", name: "Alice Admin", email: "alice@example.org", username: "alice", groups: ["atlas-adc-shifters", "atlas-adc-cloud-admins"] };
const bob: TestOidcUser = { sub: "bob-sub", name: "Bob Outsider", email: "bob@example.org", username: "bob", groups: ["cms-users"] };

let provider: TestOidcProvider;
beforeAll(async () => {
  provider = await startTestOidcProvider({ consoleUrl: BASE, users: [alice, bob], groupsClaim: "cern_roles" });
});
afterAll(() => provider.close());

let db: Db | undefined;
afterEach(async () => {
  provider.faults.down = false;
  provider.faults.tamperIdToken = false;
  provider.faults.idTokenAudience = null;
  provider.faults.malformedDiscovery = false;
  alice.groups = ["atlas-adc-shifters", "atlas-adc-cloud-admins"];
  if (db) await closeDb(db);
  db = undefined;
});

async function setUp() {
  db = await openTestDb();
  const auth = createAuth({
    db,
    secret: "test-secret-".padEnd(48, "x"),
    baseURL: BASE,
    oidc: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupsClaim: "cern_roles",
      groupRoles: parseGroupRoleMap("atlas-adc-cloud-admins=admin,atlas-adc-operators=operator,atlas-adc-shifters=shifter"),
    },
  });
  // As handleAuthRequest serves it: refusals audited, the client's address stamped.
  const audited = auditSsoRefusals(db, (r) => auth.handler(r));
  const handle = (path: string, init: RequestInit = {}) => audited(new Request(`${BASE}${path}`, { ...init, headers: { origin: BASE, [CLIENT_IP_HEADER]: IP, ...init.headers } }));
  return { db, auth, handle };
}

type Handle = Awaited<ReturnType<typeof setUp>>["handle"];

/** Cookies as a browser keeps them for one site: name → value, from each response's Set-Cookie. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** "Sign in with …" pressed: the console's state cookie and the provider's authorization URL. */
async function startSignIn(handle: Handle) {
  const jar = new CookieJar();
  const res = await handle("/api/auth/sign-in/social", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ provider: OIDC_PROVIDER_ID, callbackURL: "/", errorCallbackURL: "/login" }),
  });
  jar.take(res);
  return { res, jar, url: res.ok ? ((await res.json()) as { url: string }).url : null };
}

/** The person at the provider: logs in as `sub` on its form; returns the redirect back to the console. */
async function logInAtProvider(authorizationUrl: string, sub: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { ...init, redirect: "manual", headers: { cookie: jar.header(), ...init.headers } });
    jar.take(res);
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(BASE)) return next;
      url = next;
      init = {};
      continue;
    }
    expect(await res.text()).toContain('name="login"');
    init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ prompt: "login", login: sub, password: "any" }).toString() };
  }
  throw new Error("the provider never sent the browser back");
}

/** The browser back at the console's callback: where it is sent next, with the console's cookies. */
async function finishSignIn(handle: Handle, callbackUrl: string, jar: CookieJar) {
  const res = await handle(callbackUrl.slice(BASE.length), { headers: { cookie: jar.header() } });
  jar.take(res);
  return { status: res.status, location: new URL(res.headers.get("location") ?? "", BASE), jar };
}

async function signInAs(handle: Handle, who: TestOidcUser) {
  const started = await startSignIn(handle);
  return finishSignIn(handle, await logInAtProvider(started.url!, who.sub), started.jar);
}

async function refusals(db: Db) {
  return db.select({ summary: auditLog.summary, ip: auditLog.ip }).from(auditLog).where(eq(auditLog.verb, "auth.ssoRefused")).all();
}

describe("single sign-on against a real OpenID Connect provider", () => {
  it("signs a group member in with the role the highest group grants, and refreshes it at every sign-in", async () => {
    const { db, auth, handle } = await setUp();
    const first = await signInAs(handle, alice);
    expect(first.location.pathname).toBe("/");
    expect(first.location.searchParams.get("error")).toBeNull();
    const actor = await readActor(auth, db, new Headers({ cookie: first.jar.header() }));
    expect(actor).toMatchObject({ name: "Alice Admin", role: "admin" });
    expect(await db.select({ accountId: account.accountId }).from(account).where(eq(account.providerId, OIDC_PROVIDER_ID)).all()).toEqual([{ accountId: "alice-sub" }]);

    // Out of the admins' group at the provider: the same user (matched by subject) comes back a shifter.
    alice.groups = ["atlas-adc-shifters"];
    const second = await signInAs(handle, alice);
    expect(await readActor(auth, db, new Headers({ cookie: second.jar.header() }))).toMatchObject({ id: actor!.id, role: "shifter" });
    const changes = await db.select({ summary: auditLog.summary }).from(auditLog).where(eq(auditLog.verb, "users.setRole")).all();
    expect(changes.map((c) => c.summary)).toContain("Alice Admin: admin → shifter (groups at single sign-on)");

    // Roles of SSO users follow their groups: an admin cannot set one by hand.
    await expect(setUserRole({ db, actor: testActor("admin"), input: { userId: actor!.id, role: "operator" } })).rejects.toThrow(/groups at the sign-in provider/);
  });

  it("refuses a user whose groups map to no role, with a page saying so and an audit entry", async () => {
    const { db, handle } = await setUp();
    const refused = await signInAs(handle, bob);
    expect(refused.location.pathname).toBe("/login");
    expect(refused.location.searchParams.get("error")).toBe("no_mapped_group");
    expect(refused.jar.header()).not.toMatch(/session_token/);
    expect(await db.select().from(session).all()).toHaveLength(0);
    expect(await db.select().from(user).all()).toHaveLength(0);
    expect(await refusals(db)).toEqual([{ summary: "refused single sign-on (no_mapped_group): bob@example.org is in none of the groups mapped to a role", ip: IP }]);
  });

  it("refuses an ID token changed after signing, a wrong state and a replayed code", async () => {
    const { db, handle } = await setUp();
    provider.faults.tamperIdToken = true;
    const tampered = await signInAs(handle, alice);
    expect(tampered.location.searchParams.get("error")).toBe("unable_to_get_user_info");
    provider.faults.tamperIdToken = false;

    const started = await startSignIn(handle);
    const callback = new URL(await logInAtProvider(started.url!, alice.sub));
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state");
    expect((await finishSignIn(handle, forged.href, started.jar)).location.searchParams.get("error")).toMatch(/^state_/);

    const honest = await finishSignIn(handle, callback.href, started.jar);
    expect(honest.location.searchParams.get("error")).toBeNull();
    const replayed = await finishSignIn(handle, callback.href, started.jar);
    expect(replayed.location.searchParams.get("error")).toMatch(/^(state_|invalid_code)/);

    expect(await db.select().from(session).all()).toHaveLength(1);
    expect((await refusals(db)).map((r) => r.summary.match(/\((\w+)\)/)?.[1])).toEqual(["unable_to_get_user_info", expect.stringMatching(/^state_/), expect.stringMatching(/^(state_|invalid_code)/)]);
  });

  it("refuses a genuine ID token issued for another client, with a clear error and an audit entry", async () => {
    const { db, handle } = await setUp();
    // Re-signed for the console itself, the token is accepted: the audience alone decides below.
    provider.faults.idTokenAudience = provider.clientId;
    expect((await signInAs(handle, alice)).location.searchParams.get("error")).toBeNull();

    provider.faults.idTokenAudience = "another-client";
    const refused = await signInAs(handle, alice);
    expect(refused.location.pathname).toBe("/login");
    const code = refused.location.searchParams.get("error")!;
    expect(describeSsoRefusal(code)).toBe("The identity the sign-in provider sent could not be verified. Nobody was signed in.");
    expect(await db.select().from(session).all()).toHaveLength(1);
    expect(await refusals(db)).toEqual([{ summary: expect.stringContaining(`(${code})`), ip: IP }]);
  });

  it("answers a malformed discovery document with a clear refusal, not a stack trace", async () => {
    provider.faults.malformedDiscovery = true;
    const { db, handle } = await setUp();
    const started = await startSignIn(handle);
    expect(started.res.status).toBe(404);
    expect(await started.res.json()).toEqual({ code: "PROVIDER_NOT_FOUND", message: "Provider not found" });
    expect(await refusals(db)).toEqual([{ summary: expect.stringContaining("the sign-in provider could not be reached or gave an unusable answer"), ip: IP }]);
  });

  it("answers a provider that is down with a clear refusal, not an error page", async () => {
    const { db, handle } = await setUp();
    const started = await startSignIn(handle);
    const callback = await logInAtProvider(started.url!, alice.sub);
    provider.faults.down = true;
    const refused = await finishSignIn(handle, callback, started.jar);
    expect(refused.status).toBe(302);
    expect(refused.location.pathname).toBe("/login");
    expect(refused.location.searchParams.get("error")).toBe("invalid_code");
    expect(await refusals(db)).toHaveLength(1);
  });

  it("does not offer a provider that was down when the console started, audits the attempt, and offers it once it is back", async () => {
    provider.faults.down = true;
    const { db, handle } = await setUp();
    const whileDown = await startSignIn(handle);
    expect(whileDown.res.status).toBeGreaterThanOrEqual(400);
    expect(whileDown.res.status).toBeLessThan(500);
    expect(await refusals(db)).toEqual([{ summary: expect.stringMatching(/^refused single sign-on \(provider_not_found\): Single sign-on could not start: the sign-in provider could not be reached/), ip: IP }]);
    provider.faults.down = false;
    expect((await startSignIn(handle)).url).toContain(provider.issuer);
  });

  it("ends the console's session at sign-out and points to the provider's end-session endpoint", async () => {
    const { db, auth, handle } = await setUp();
    const signedIn = await signInAs(handle, alice);
    const res = await handle("/api/auth/sign-out", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: signedIn.jar.header() },
      body: JSON.stringify({ callbackURL: "/login", disableRedirect: true }),
    });
    const body = (await res.json()) as { url?: string };
    const endSession = new URL(body.url!);
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.searchParams.get("id_token_hint")).toBeTruthy();
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${BASE}/login`);
    expect(await readActor(auth, db, new Headers({ cookie: signedIn.jar.header() }))).toBeNull();
  });
});
