import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog, siteParamVersion } from "@/db/schema";
import type { SiteParams } from "@/server/domain/site-params";
import { createCloud } from "@/server/testing/factories";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { getCurrentSiteParams } from "./get-site-params";
import { listSiteParamHistory } from "./list-site-param-history";
import { revertSiteParams } from "./revert-site-params";
import { updateSiteParams } from "./update-site-params";

const alice: Actor = { id: "u-alice", name: "alice", role: "operator", ip: "10.0.0.1" };
const bob: Actor = { id: "u-bob", name: "bob", role: "admin", ip: "10.0.0.2" };

const v1: SiteParams = {
  cvmfsProxy: "http://ca-proxy.cern.ch:3128",
  condorHost: "cm.cern.ch",
  pandaQueue: "CERN-PROD_CLOUD",
  defaultFlavor: null,
  network: "auto",
  sshKeyNames: [],
  ntpServers: ["ip-time-1.cern.ch"],
  extra: {},
};

async function errorOf(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

describe("site parameter versions", async () => {
  let db: Db;
  let cloudId: number;

  beforeEach(async () => {
    db = await openTestDb();
    cloudId = (await createCloud(db, { name: "CERN LxCloud" })).id;
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("has no parameters before the first save", async () => {
    expect(await getCurrentSiteParams({ db, input: { cloudId } })).toBeNull();
    expect(await listSiteParamHistory({ db, input: { cloudId } })).toEqual({ entries: [], total: 0 });
  });

  it("saves version 1, then 2 on top of it, each audited with before and after", async () => {
    const at1 = new Date("2026-01-01T10:00:00Z");
    const at2 = new Date("2026-01-02T10:00:00Z");
    expect(await updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 0, params: v1 }, now: at1 })).toEqual({ version: 1, created: true });
    const v2 = { ...v1, condorHost: "cm2.cern.ch:9618", extra: { FRONTIER_SERVER: "x" } };
    expect(await updateSiteParams({ db, actor: bob, input: { cloudId, basedOnVersion: 1, params: v2 }, now: at2 })).toEqual({ version: 2, created: true });

    expect(await getCurrentSiteParams({ db, input: { cloudId } })).toEqual({ version: 2, params: v2, createdAt: at2, createdById: "u-bob", createdByName: "bob" });

    const audits = await db.select().from(auditLog).orderBy(auditLog.id).all();
    expect(audits.map((a) => [a.verb, a.targetType, a.targetId, a.actorName, a.ip, a.summary])).toEqual([
      ["siteParams.edit", "cloud", String(cloudId), "alice", "10.0.0.1", "Site parameters of CERN LxCloud v1: first version"],
      ["siteParams.edit", "cloud", String(cloudId), "bob", "10.0.0.2", "Site parameters of CERN LxCloud v2: changed HTCondor central manager, Extra FRONTIER_SERVER"],
    ]);
    expect(audits[0]?.before).toBeNull();
    expect(JSON.parse(audits[1]?.before ?? "null")).toEqual({ version: 1, params: v1 });
    expect(JSON.parse(audits[1]?.after ?? "null")).toEqual({ version: 2, params: v2 });

    const history = await listSiteParamHistory({ db, input: { cloudId } });
    expect(history.total).toBe(2);
    expect(history.entries.map((e) => [e.version, e.createdByName, e.changes.map((c) => c.field)])).toEqual([
      [2, "bob", ["condorHost", "extra.FRONTIER_SERVER"]],
      [1, "alice", ["cvmfsProxy", "condorHost", "pandaQueue", "network", "ntpServers"]],
    ]);
    expect(history.entries[0]?.changes[0]).toEqual({ field: "condorHost", label: "HTCondor central manager", before: "cm.cern.ch", after: "cm2.cern.ch:9618" });
  });

  it("keeps a save's comment in the history and the audit entry, and reverts to version 1 as a new version 3", async () => {
    await updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 0, params: v1, comment: "  " } });
    await updateSiteParams({ db, actor: bob, input: { cloudId, basedOnVersion: 1, params: { ...v1, condorHost: "cm2.cern.ch" }, comment: "new central manager" } });

    expect(await revertSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 2, toVersion: 1 } })).toEqual({ version: 3, created: true });

    expect((await getCurrentSiteParams({ db, input: { cloudId } }))?.params).toEqual(v1);
    const history = await listSiteParamHistory({ db, input: { cloudId } });
    expect(history.entries.map((e) => [e.version, e.comment])).toEqual([
      [3, "Reverted to version 1"],
      [2, "new central manager"],
      [1, null],
    ]);
    const summaries = (await db.select({ summary: auditLog.summary }).from(auditLog).orderBy(auditLog.id).all()).map((a) => a.summary);
    expect(summaries.slice(1)).toEqual([
      "Site parameters of CERN LxCloud v2: changed HTCondor central manager (“new central manager”)",
      "Site parameters of CERN LxCloud v3: changed HTCondor central manager (“Reverted to version 1”)",
    ]);
    expect((await errorOf(() => revertSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 3, toVersion: 9 } }))).code).toBe("NOT_FOUND");
    expect((await errorOf(() => revertSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 2, toVersion: 2 } }))).code).toBe("CONFLICT");
  });

  it("refuses a save based on a version someone else has replaced, and saves nothing", async () => {
    await updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 0, params: v1 } });
    await updateSiteParams({ db, actor: bob, input: { cloudId, basedOnVersion: 1, params: { ...v1, condorHost: "bob.cern.ch" } } });

    const error = await errorOf(() => updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 1, params: { ...v1, pandaQueue: "OTHER" } } }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("Someone saved version 2 meanwhile (bob). Reload to see it, then apply your change again");
    expect(await db.select().from(siteParamVersion).all()).toHaveLength(2);
    expect(await db.select().from(auditLog).all()).toHaveLength(2);

    const ahead = await errorOf(() => updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 7, params: v1 } }));
    expect(ahead).toMatchObject({ code: "CONFLICT", message: "Version 7 does not exist; the newest is 2. Reload and edit again" });

    const other = await createCloud(db);
    const first = await errorOf(() => updateSiteParams({ db, actor: alice, input: { cloudId: other.id, basedOnVersion: 3, params: v1 } }));
    expect(first.code).toBe("CONFLICT");
  });

  it("keeps one version when two editors race on the same base", async () => {
    const results = await Promise.all(
      [alice, bob].map(async (actor) => {
        try {
          return (await updateSiteParams({ db, actor, input: { cloudId, basedOnVersion: 0, params: { ...v1, condorHost: `${actor.name}.cern.ch` } } })).version;
        } catch (error) {
          return error instanceof ServiceError ? error.code : error;
        }
      }),
    );
    // Either editor may win the race; the other is refused.
    expect(results.slice().sort()).toEqual([1, "CONFLICT"]);
    expect(await db.select().from(siteParamVersion).all()).toHaveLength(1);
  });

  it("does not add a version when nothing changed", async () => {
    await updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 0, params: v1 } });
    expect(await updateSiteParams({ db, actor: bob, input: { cloudId, basedOnVersion: 1, params: { ...v1 } } })).toEqual({ version: 1, created: false });
    expect(await db.select().from(auditLog).all()).toHaveLength(1);
  });

  it("validates with the schema and refuses an unknown cloud", async () => {
    await expect(updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: 0, params: { ...v1, cvmfsProxy: "squid:3128" } } })).rejects.toThrow(ZodError);
    expect(await errorOf(() => updateSiteParams({ db, actor: alice, input: { cloudId: 999, basedOnVersion: 0, params: v1 } }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Cloud 999 does not exist",
    });
    expect(await db.select().from(siteParamVersion).all()).toHaveLength(0);
  });

  it("reports a stored version that no longer validates instead of using it", async () => {
    await db.insert(siteParamVersion).values({ cloudId, version: 1, params: JSON.stringify({ ...v1, cvmfsProxy: "nonsense" }), createdByName: "old", createdAt: new Date() }).run();
    expect((await errorOf(() => getCurrentSiteParams({ db, input: { cloudId } }))).message).toMatch(/^Site parameters version 1 of cloud \d+ are no longer valid \(cvmfsProxy: /);
    const history = await listSiteParamHistory({ db, input: { cloudId } });
    expect(history.entries[0]).toMatchObject({ version: 1, params: null, changes: [] });
    expect(history.entries[0]?.problem).toMatch(/no longer valid/);
  });

  it("pages history to the newest `limit` versions, diffing the oldest shown against its predecessor", async () => {
    let version = 0;
    for (const host of ["a.cern.ch", "b.cern.ch", "c.cern.ch"]) {
      version = (await updateSiteParams({ db, actor: alice, input: { cloudId, basedOnVersion: version, params: { ...v1, condorHost: host } } })).version;
    }
    const history = await listSiteParamHistory({ db, input: { cloudId, limit: 2 } });
    expect(history.total).toBe(3);
    expect(history.entries.map((e) => [e.version, e.changes])).toEqual([
      [3, [{ field: "condorHost", label: "HTCondor central manager", before: "b.cern.ch", after: "c.cern.ch" }]],
      [2, [{ field: "condorHost", label: "HTCondor central manager", before: "a.cern.ch", after: "b.cern.ch" }]],
    ]);
    expect(await db.select().from(siteParamVersion).where(eq(siteParamVersion.cloudId, cloudId)).all()).toHaveLength(3);
  });
});
