import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { account, auditLog, session, user } from "@/db/schema";
import { testActor } from "@/server/testing/actors";
import { createFirstAdmin } from "./create-first-admin";
import { createUser } from "./create-user";
import { ServiceError } from "./lib/errors";
import { listUsers } from "./list-users";
import { setUserDisabled } from "./set-user-disabled";
import { setUserRole } from "./set-user-role";
import { reserveSignInAttempt } from "./sign-in-attempts";
import { unlockSignIn } from "./unlock-sign-in";

const PASSWORD = "correct horse battery";

async function seed(db: Db) {
  const root = testActor("admin");
  const a = await createUser({ db, actor: root, input: { username: "anna", password: PASSWORD, role: "admin" } });
  const s = await createUser({ db, actor: root, input: { username: "sam", password: PASSWORD, role: "shifter" } });
  return { a, s, anna: testActor("admin", { id: a.id, name: "anna" }) };
}

/** In the order they were written: `.at(-1)` relies on it, and PostgreSQL promises no order without one. */
async function audits(db: Db) {
  return db.select().from(auditLog).orderBy(auditLog.id).all();
}

async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return "OK";
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
}

/** Each test's database, closed after it. */
let opened: Db | undefined;
async function freshDb(): Promise<Db> {
  opened = await openTestDb();
  return opened;
}
afterEach(async () => {
  if (opened) await closeDb(opened);
  opened = undefined;
});

describe("user services", () => {
  it("creates a user with an audit entry naming who did it and from where", async () => {
    const db = await freshDb();
    const { s } = await seed(db);
    expect((await listUsers({ db })).map((u) => [u.username, u.role, u.disabled])).toEqual([
      ["anna", "admin", false],
      ["sam", "shifter", false],
    ]);
    const entry = (await audits(db)).find((e) => e.targetId === s.id)!;
    expect(entry).toMatchObject({ verb: "users.create", targetType: "user", actorName: "admin", ip: "192.0.2.1", summary: "created sam (shifter)" });
    expect(entry.after).not.toContain(PASSWORD);
  });

  it("refuses a taken username (case-insensitively, as sign-in compares) without writing anything", async () => {
    const db = await freshDb();
    await seed(db);
    const before = (await audits(db)).length;
    expect(await codeOf(() => createUser({ db, actor: testActor("admin"), input: { username: "sam", password: PASSWORD, role: "operator" } }))).toBe("CONFLICT");
    expect(await audits(db)).toHaveLength(before);
  });

  it("changes a role and records before and after", async () => {
    const db = await freshDb();
    const { s, anna } = await seed(db);
    await setUserRole({ db, actor: anna, input: { userId: s.id, role: "operator" } });
    expect((await db.select({ role: user.role }).from(user).where(eq(user.id, s.id)).get())?.role).toBe("operator");
    const entry = (await audits(db)).at(-1)!;
    expect(entry).toMatchObject({ verb: "users.setRole", actorName: "anna", targetId: s.id, before: JSON.stringify({ role: "shifter" }), after: JSON.stringify({ role: "operator" }) });
  });

  it("refuses to demote or disable oneself or the last active admin, and writes no audit for it", async () => {
    const db = await freshDb();
    const { a, s, anna } = await seed(db);
    const before = (await audits(db)).length;
    expect(await codeOf(() => setUserRole({ db, actor: anna, input: { userId: a.id, role: "operator" } }))).toBe("FORBIDDEN");
    expect(await codeOf(() => setUserDisabled({ db, actor: anna, input: { userId: a.id, disabled: true } }))).toBe("FORBIDDEN");
    // Someone else (e.g. a second admin acting) still cannot remove the last active admin.
    const other = testActor("admin", { id: s.id });
    expect(await codeOf(() => setUserRole({ db, actor: other, input: { userId: a.id, role: "shifter" } }))).toBe("CONFLICT");
    expect(await codeOf(() => setUserDisabled({ db, actor: other, input: { userId: a.id, disabled: true } }))).toBe("CONFLICT");
    expect(await audits(db)).toHaveLength(before);
    expect(await codeOf(() => setUserRole({ db, actor: anna, input: { userId: "nope", role: "shifter" } }))).toBe("NOT_FOUND");
  });

  it("disables a user, ending their sessions in the same transaction, and re-enables them", async () => {
    const db = await freshDb();
    const { s, anna } = await seed(db);
    const now = new Date();
    await db.insert(session).values({ id: "s1", token: "t1", userId: s.id, expiresAt: new Date(now.getTime() + 60_000), createdAt: now, updatedAt: now }).run();
    expect((await listUsers({ db })).find((u) => u.id === s.id)?.lastSeenAt?.getTime()).toBe(now.getTime());
    await setUserDisabled({ db, actor: anna, input: { userId: s.id, disabled: true } });
    expect(await db.select().from(session).all()).toEqual([]);
    expect((await listUsers({ db })).find((u) => u.id === s.id)?.disabled).toBe(true);
    await setUserDisabled({ db, actor: anna, input: { userId: s.id, disabled: false } });
    expect((await audits(db)).slice(-2).map((e) => e.summary)).toEqual(["disabled sam", "enabled sam"]);
  });

  it("shows a user's recent failed sign-ins and lets an admin clear them, audited", async () => {
    const db = await freshDb();
    const { s, anna } = await seed(db);
    const now = Date.now();
    for (const address of ["198.18.0.1", "198.18.0.2"]) await reserveSignInAttempt({ db, username: "sam", address, now });
    expect((await listUsers({ db, now })).find((u) => u.id === s.id)?.failedSignIns).toBe(2);
    await unlockSignIn({ db, actor: anna, input: { userId: s.id } });
    expect((await listUsers({ db, now })).find((u) => u.id === s.id)?.failedSignIns).toBe(0);
    expect((await reserveSignInAttempt({ db, username: "sam", address: "198.18.0.3", now })).ok).toBe(true);
    expect((await audits(db)).at(-1)).toMatchObject({ verb: "users.unlockSignIn", actorName: "anna", targetId: s.id, summary: "cleared failed sign-ins of sam" });
    expect(await codeOf(() => unlockSignIn({ db, actor: anna, input: { userId: "nope" } }))).toBe("NOT_FOUND");
  });

  it("marks the users whose role follows their groups at the sign-in provider", async () => {
    const db = await freshDb();
    const { s } = await seed(db);
    const now = new Date();
    await db.insert(account).values({ id: "acc-sso", accountId: "sam-sub", providerId: "oidc", userId: s.id, createdAt: now, updatedAt: now }).run();
    const listed = await listUsers({ db });
    expect(listed.map((u) => [u.username, u.ssoManaged])).toEqual([
      ["anna", false],
      ["sam", true],
    ]);
  });

  it("creates the first admin once, then refuses", async () => {
    const db = await freshDb();
    await expect(createFirstAdmin({ db, input: { username: "root", password: "short" } })).rejects.toThrow(/at least 12/);
    await createFirstAdmin({ db, input: { username: "Root", password: PASSWORD } });
    expect((await listUsers({ db })).map((u) => [u.username, u.role])).toEqual([["root", "admin"]]);
    expect(await codeOf(() => createFirstAdmin({ db, input: { username: "second", password: PASSWORD } }))).toBe("CONFLICT");
  });
});
