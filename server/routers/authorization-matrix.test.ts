import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { ROLES, type Role } from "@/server/domain/vocabulary";
import { createAuth } from "@/server/auth/create-auth";
import { readActor } from "@/server/auth/read-actor";
import { createApiToken } from "@/server/services/create-api-token";
import type { Actor } from "@/server/services/lib/actor";
import { insertTestUser, testActor } from "@/server/testing/actors";
import { createCallerFactory, type TrpcContext } from "@/server/trpc/init";
import { PERMISSIONS, roleRank, type Permission } from "@/server/trpc/permissions";
import { appRouter } from "./_app";

/** The only procedures anyone may call without a session. */
const PUBLIC_PROCEDURES = new Set(["session.me"]);

/** Fails every real input schema; authorisation must be decided before it is even parsed. */
const JUNK_INPUT = { junk: "¯\\_(ツ)_/¯" };

interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  permission: Permission | undefined;
}

/** Every procedure of the app router, found by walking it (so new routers are covered without edits here). */
function listProcedures(): ProcedureInfo[] {
  // At run time `_def.procedures` is flat, keyed by dotted path (its static type is the nested record).
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo["type"]; meta?: { permission?: Permission } } }>;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type, permission: p._def.meta?.permission }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

const createCaller = createCallerFactory(appRouter);

type Via = "session" | "token";

/**
 * The actor a token call resolves to, through the same readActor the web uses for sessions:
 * a user of `role` holding a token of scope `role`.
 */
async function resolveTokenActor(db: Db, role: Role): Promise<Actor | null> {
  const owner = await insertTestUser(db, role);
  const { token } = await createApiToken({ db, actor: owner, input: { name: "matrix", scope: role, expiresInDays: 1 } });
  const auth = createAuth({ db, secret: "matrix-secret-".padEnd(48, "x"), baseURL: "http://console.test" });
  return readActor(auth, db, new Headers({ authorization: `Bearer ${token}` }));
}

/** Calls one procedure by its dotted path and reports the tRPC error code, or "OK". */
async function callAs(db: Db, role: Role | null, path: string, via: Via = "session"): Promise<string> {
  const actor = role === null ? null : via === "token" ? await resolveTokenActor(db, role) : testActor(role);
  if (role !== null) expect(actor?.role).toBe(role);
  const ctx: TrpcContext = { db, actor };
  const caller = createCaller(ctx) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn(JUNK_INPUT);
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

const procedures = listProcedures();
const guarded = procedures.filter((p) => !PUBLIC_PROCEDURES.has(p.path));

describe("authorization matrix", () => {
  it("finds the routers' procedures, including the user mutations", () => {
    const paths = procedures.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["overview.get", "users.create", "users.setRole", "users.setDisabled", "users.unlockSignIn", "session.me"]));
    expect(procedures.filter((p) => p.type === "mutation").length).toBeGreaterThanOrEqual(3);
  });

  it("has no unguarded mutation and no procedure without a permission but the public allowlist", () => {
    const unguarded = procedures.filter((p) => !p.permission && !PUBLIC_PROCEDURES.has(p.path)).map((p) => `${p.type} ${p.path}`);
    expect(unguarded).toEqual([]);
    expect(procedures.filter((p) => p.type === "mutation" && !p.permission).map((p) => p.path)).toEqual([]);
    for (const p of guarded) expect(Object.keys(PERMISSIONS), `${p.path} names an unknown permission`).toContain(p.permission);
  });

  describe.each(guarded.map((p) => [`${p.type} ${p.path} (${p.permission})`, p] as const))("%s", (_name, procedure) => {
    const permission = procedure.permission!;
    const leastRole = PERMISSIONS[permission];
    // One database per procedure, not per call (cloning one per call was most of this file's time): the
    // guard reads no rows but the caller's own token, and each token call makes its own user.
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb();
    });
    afterAll(() => closeDb(db));

    it("refuses anonymous callers with UNAUTHORIZED", async () => {
      expect(await callAs(db, null, procedure.path)).toBe("UNAUTHORIZED");
    });

    it.each(ROLES.flatMap((role) => (["session", "token"] as const).map((via) => [role, via] as const)))("as %s with a %s", async (role, via) => {
      const code = await callAs(db, role, procedure.path, via);
      if (roleRank(role) < roleRank(leastRole)) expect(code, `${role} must be refused ${procedure.path}`).toBe("FORBIDDEN");
      else expect(["UNAUTHORIZED", "FORBIDDEN"], `${role} must pass the guard of ${procedure.path} (got ${code})`).not.toContain(code);
    });
  });

  it("lets anyone ask who they are", async () => {
    const db = await openTestDb();
    try {
      expect(await callAs(db, null, "session.me")).toBe("OK");
      const caller = createCaller({ db, actor: testActor("operator") });
      expect(await caller.session.me()).toMatchObject({ name: "operator", role: "operator", permissions: expect.arrayContaining(["fleet.read", "vms.launch"]) });
      expect((await caller.session.me())?.permissions).not.toContain("users.manage");
    } finally {
      await closeDb(db);
    }
  });
});
