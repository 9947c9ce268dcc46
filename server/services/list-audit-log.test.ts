import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, engineOf, openTestDb, queryRows, type Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { insertTestUser } from "@/server/testing/actors";
import { createCloud, createVm } from "@/server/testing/factories";
import type { Actor } from "./lib/actor";
import { listAuditFilterOptions, listAuditLog, listAuditLogInput, selectAuditPage, type ListAuditLogInput } from "./list-audit-log";
import { recordAudit } from "./record-audit";

const alice: Actor = { id: "u-alice", name: "alice", role: "operator", ip: "10.0.0.1" };
const bob: Actor = { id: "u-bob", name: "bob", role: "admin", ip: "10.0.0.2" };
const minute = (m: number) => new Date(Date.UTC(2025, 0, 1, 0, m));

function list(db: Db, input: ListAuditLogInput = {}) {
  return listAuditLog({ db, input: listAuditLogInput.parse(input) });
}

function summaries(page: Awaited<ReturnType<typeof list>>) {
  return page.rows.map((r) => r.summary);
}

describe("listAuditLog", () => {
  let db: Db;
  let vmId: number;

  beforeEach(async () => {
    db = await openTestDb();
    const cloud = await createCloud(db, { name: "cern" });
    vmId = (await createVm(db, { cloudId: cloud.id, name: "pilot-1" })).id;
    await recordAudit(db, alice, { verb: "clouds.pause", targetType: "cloud", targetId: cloud.id, summary: "paused cern", before: { paused: false }, after: { paused: true } }, minute(1));
    await recordAudit(db, bob, { verb: "vms.launch", targetType: "action", targetId: 7, summary: "launch 3" }, minute(2));
    await recordAudit(db, alice, { verb: "vms.destroy", targetType: "vm", targetId: vmId, summary: "destroy pilot-1" }, minute(3));
    // Same instant as the previous one: the id breaks the tie, newest insert first.
    await recordAudit(db, bob, { verb: "vms.drain", targetType: "vm", targetId: 99_999, summary: "drain gone" }, minute(3));
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("lists newest first with who, from where, and parsed before/after", async () => {
    const page = await list(db);
    expect(summaries(page)).toEqual(["drain gone", "destroy pilot-1", "launch 3", "paused cern"]);
    expect(page).toMatchObject({ total: 4, page: 1, pageCount: 1 });
    const pause = page.rows[3]!;
    expect(pause).toMatchObject({ actorName: "alice", actorRole: "operator", ip: "10.0.0.1", verb: "clouds.pause", targetType: "cloud" });
    expect(pause.before).toEqual({ paused: false });
    expect(pause.after).toEqual({ paused: true });
    expect(page.rows[2]!.before).toBeNull();
  });

  it("names VM targets that still exist so the UI can link them", async () => {
    const page = await list(db, { targetType: "vm" });
    expect(page.rows.map((r) => r.vm)).toEqual([null, { name: "pilot-1", cloudId: expect.any(Number) }]);
  });

  it("names user targets instead of showing their opaque ids", async () => {
    const shifter = await insertTestUser(db, "shifter");
    await recordAudit(db, bob, { verb: "users.setRole", targetType: "user", targetId: shifter.id, summary: "role changed" }, minute(4));
    await recordAudit(db, bob, { verb: "users.delete", targetType: "user", targetId: "u-gone", summary: "deleted" }, minute(5));
    const page = await list(db, { targetType: "user" });
    expect(page.rows.map((r) => r.user)).toEqual([null, { name: shifter.name, username: shifter.name }]);
  });

  it("filters by actor, verb, target and one entry, counting with the same filter", async () => {
    expect(summaries(await list(db, { actor: "alice" }))).toEqual(["destroy pilot-1", "paused cern"]);
    expect((await list(db, { actor: "alice" })).total).toBe(2);
    expect(summaries(await list(db, { verb: "vms.launch" }))).toEqual(["launch 3"]);
    expect(summaries(await list(db, { targetType: "vm", targetId: String(vmId) }))).toEqual(["destroy pilot-1"]);
    expect(summaries(await list(db, { actor: "bob", verb: "clouds.pause" }))).toEqual([]);
    const first = (await list(db, { verb: "vms.launch" })).rows[0]!;
    expect(summaries(await list(db, { id: first.id }))).toEqual(["launch 3"]);
  });

  it("filters by time: from inclusive, to exclusive", async () => {
    expect(summaries(await list(db, { from: minute(2) }))).toEqual(["drain gone", "destroy pilot-1", "launch 3"]);
    expect(summaries(await list(db, { to: minute(2) }))).toEqual(["paused cern"]);
    expect(summaries(await list(db, { from: minute(2), to: minute(3) }))).toEqual(["launch 3"]);
    expect(() => listAuditLogInput.parse({ from: minute(3), to: minute(2) })).toThrow(/before/);
  });

  it("pages without overlap", async () => {
    const first = await list(db, { pageSize: 3 });
    const second = await list(db, { pageSize: 3, page: 2 });
    expect(first.pageCount).toBe(2);
    expect(summaries(second)).toEqual(["paused cern"]);
    expect(new Set([...summaries(first), ...summaries(second)]).size).toBe(4);
  });

  it("shows a before/after that is not JSON as its raw text", async () => {
    await db.insert(auditLog).values({ at: minute(9), actorName: "legacy", verb: "x", targetType: "cloud", summary: "odd", before: "not json{" }).run();
    expect((await list(db, { actor: "legacy" })).rows[0]!.before).toBe("not json{");
  });

  it("offers the actors, verbs and target types present", async () => {
    expect(await listAuditFilterOptions({ db })).toEqual({
      actors: ["alice", "bob"],
      verbs: ["clouds.pause", "vms.destroy", "vms.drain", "vms.launch"],
      targetTypes: ["action", "cloud", "vm"],
    });
  });

  it("reads filtered pages along an index, never a full scan", async ({ skip }) => {
    // EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's planner picks a sequential scan for a table this small, so its plan would prove nothing here.
    skip(engineOf(db) !== "sqlite", "query plans are checked on SQLite only");
    const plan = async (input: ListAuditLogInput) => {
      const query = selectAuditPage(db, listAuditLogInput.parse(input)).toSQL();
      const rows = await queryRows(db, `explain query plan ${query.sql}`, query.params);
      return rows.map((r) => String(r.detail)).join(" | ");
    };
    expect(await plan({})).toMatch(/USING INDEX audit_at_idx/);
    expect(await plan({ actor: "alice" })).toMatch(/USING INDEX audit_actor_idx/);
    expect(await plan({ verb: "vms.launch" })).toMatch(/USING INDEX audit_verb_idx/);
    expect(await plan({ targetType: "vm", targetId: "1" })).toMatch(/USING INDEX audit_target_idx/);
    expect(await plan({ from: minute(1), to: minute(2) })).toMatch(/USING INDEX audit_at_idx/);
    for (const input of [{}, { actor: "alice" }, { verb: "x" }, { targetType: "vm" }]) expect(await plan(input)).not.toMatch(/SCAN audit_log(?! USING)/);
  });
});
