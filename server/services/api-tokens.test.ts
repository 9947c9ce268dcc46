import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { apiToken, auditLog, user } from "@/db/schema";
import { createAuth } from "@/server/auth/create-auth";
import { readActor } from "@/server/auth/read-actor";
import { insertTestUser } from "@/server/testing/actors";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { recordAudit } from "./record-audit";
import { resolveApiToken } from "./resolve-api-token";
import { revokeApiToken } from "./revoke-api-token";
import { appRouter } from "@/server/routers/_app";
import { createCallerFactory } from "@/server/trpc/init";
import { TOKEN_READ_AUDIT_WINDOW_MS } from "./record-token-read";

let db: Db | undefined;
afterEach(async () => {
  if (db) await closeDb(db);
  db = undefined;
});

async function setUp() {
  db = await openTestDb();
  const auth = createAuth({ db, secret: "tokens-secret-".padEnd(48, "x"), baseURL: "http://console.test" });
  const actorFor = (authorization: string) => readActor(auth, db!, new Headers({ authorization }));
  return { db, actorFor };
}

const NOW = new Date("2026-01-10T12:00:00Z");

describe("API tokens", () => {
  it("shows the secret once, keeps only its hash, and acts as the owner with the token's name", async () => {
    const { db, actorFor } = await setUp();
    const alice = await insertTestUser(db, "operator");
    const created = await createApiToken({ db, actor: alice, input: { name: "ci pipeline", scope: "operator", expiresInDays: 30 } });
    expect(created.token).toMatch(/^cst_/);
    const stored = (await db.select().from(apiToken).get())!;
    expect(JSON.stringify(stored)).not.toContain(created.token.slice(4));
    const listed = await listApiTokens({ db, actor: alice, input: { everyone: false } });
    expect(JSON.stringify(listed)).not.toContain(stored.tokenHash);
    expect(listed).toMatchObject([{ name: "ci pipeline", scope: "operator", lastUsedAt: null, revokedAt: null }]);

    const actor = await actorFor(`Bearer ${created.token}`);
    expect(actor).toMatchObject({ id: alice.id, name: alice.name, role: "operator", tokenName: "ci pipeline" });
    expect((await listApiTokens({ db, actor: alice, input: { everyone: false } }))[0]?.lastUsedAt).not.toBeNull();

    await recordAudit(db, actor!, { verb: "vms.drain", targetType: "vm", targetId: 1, summary: "drained vm-1" });
    const audit = await db.select().from(auditLog).where(eq(auditLog.verb, "vms.drain")).get();
    expect(audit).toMatchObject({ actorId: alice.id, actorName: alice.name, summary: 'drained vm-1 (with API token "ci pipeline")' });
  });

  it("refuses a scope above the owner's role or an expiry beyond the maximum, and tokens minting tokens", async () => {
    const { db } = await setUp();
    const shifter = await insertTestUser(db, "shifter");
    await expect(createApiToken({ db, actor: shifter, input: { name: "x", scope: "operator", expiresInDays: 1 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(createApiToken({ db, actor: shifter, input: { name: "x", scope: "shifter", expiresInDays: 366 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(createApiToken({ db, actor: { ...shifter, tokenName: "t" }, input: { name: "x", scope: "shifter", expiresInDays: 1 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.select().from(apiToken).all()).toEqual([]);
  });

  it("acts with the lower of its scope and the owner's current role", async () => {
    const { db, actorFor } = await setUp();
    const admin = await insertTestUser(db, "admin");
    const readOnly = await createApiToken({ db, actor: admin, input: { name: "grafana", scope: "shifter", expiresInDays: 7 } });
    expect((await actorFor(`Bearer ${readOnly.token}`))?.role).toBe("shifter");
    const full = await createApiToken({ db, actor: admin, input: { name: "full", scope: "admin", expiresInDays: 7 } });
    await db.update(user).set({ role: "operator" }).where(eq(user.id, admin.id)).run();
    expect((await actorFor(`Bearer ${full.token}`))?.role).toBe("operator");
  });

  it("stops working alike when revoked, expired, malformed, unknown or its owner is disabled", async () => {
    const { db, actorFor } = await setUp();
    const bob = await insertTestUser(db, "operator");
    const make = async (name: string) => (await createApiToken({ db, actor: bob, input: { name, scope: "operator", expiresInDays: 2 }, now: NOW })).token;
    const revoked = await make("revoked");
    const { id } = (await db.select({ id: apiToken.id }).from(apiToken).where(eq(apiToken.name, "revoked")).get())!;
    await revokeApiToken({ db, actor: bob, input: { id } });
    expect(await actorFor(`Bearer ${revoked}`)).toBeNull();

    const expiring = await make("expiring");
    expect(await resolveApiToken({ db, secret: expiring, ip: null, now: new Date(NOW.getTime() + 47 * 3600_000) })).not.toBeNull();
    expect(await resolveApiToken({ db, secret: expiring, ip: null, now: new Date(NOW.getTime() + 48 * 3600_000) })).toBeNull();

    expect(await actorFor("Bearer not-a-token")).toBeNull();
    expect(await actorFor(`Token ${expiring}`)).toBeNull();
    expect(await actorFor(`Bearer cst_${"A".repeat(43)}`)).toBeNull();

    const live = await make("live");
    await db.update(user).set({ disabled: true }).where(eq(user.id, bob.id)).run();
    expect(await resolveApiToken({ db, secret: live, ip: null, now: NOW })).toBeNull();
  });

  it("lets owners see and revoke their own tokens, and admins everybody's", async () => {
    const { db } = await setUp();
    const carol = await insertTestUser(db, "shifter");
    const dave = await insertTestUser(db, "shifter");
    const admin = await insertTestUser(db, "admin");
    const carols = await createApiToken({ db, actor: carol, input: { name: "carol's", scope: "shifter", expiresInDays: 1 } });
    await createApiToken({ db, actor: dave, input: { name: "dave's", scope: "shifter", expiresInDays: 1 } });
    expect((await listApiTokens({ db, actor: dave, input: { everyone: true } })).map((t) => t.name)).toEqual(["dave's"]);
    expect((await listApiTokens({ db, actor: admin, input: { everyone: true } })).map((t) => t.name).sort()).toEqual(["carol's", "dave's"]);
    await expect(revokeApiToken({ db, actor: dave, input: { id: carols.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await revokeApiToken({ db, actor: admin, input: { id: carols.id } });
    expect(await db.select({ verb: auditLog.verb, actorName: auditLog.actorName }).from(auditLog).where(eq(auditLog.verb, "tokens.revoke")).all()).toEqual([{ verb: "tokens.revoke", actorName: admin.name }]);
  });

  it("audits reads made with a token once an hour, and changes every time", async () => {
    const { db, actorFor } = await setUp();
    const alice = await insertTestUser(db, "operator");
    const created = await createApiToken({ db, actor: alice, input: { name: "grafana", scope: "shifter", expiresInDays: 30 } });
    const caller = createCallerFactory(appRouter)({ db, actor: await actorFor(`Bearer ${created.token}`) });
    const reads = async () => db.select({ summary: auditLog.summary, actorName: auditLog.actorName }).from(auditLog).where(eq(auditLog.verb, "tokens.read")).all();

    await caller.clouds.list();
    await caller.overview.get();
    expect(await reads()).toEqual([{ actorName: alice.name, summary: 'read clouds.list (further reads with this token in the next hour are not logged one by one) (with API token "grafana")' }]);

    // An hour on, the next read is written again; a browser session's reads never are.
    await db.update(apiToken).set({ readAuditedAt: new Date(Date.now() - TOKEN_READ_AUDIT_WINDOW_MS - 1000) }).run();
    await caller.overview.get();
    await createCallerFactory(appRouter)({ db, actor: alice }).clouds.list();
    expect((await reads()).map((r) => r.summary.split(" (")[0])).toEqual(["read clouds.list", "read overview.get"]);
  });
});
