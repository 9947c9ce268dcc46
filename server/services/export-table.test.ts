import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog, vm } from "@/db/schema";
import { LIVE_VM_STATES, type VmState } from "@/server/domain/vocabulary";
import { createCloud, createVm } from "@/server/testing/factories";
import { archiveEndedVms } from "./archive-ended-vms";
import { exportRequest, streamExport } from "./export-table";

async function exportText(db: Db, request: z.input<typeof exportRequest>, format: "csv" | "json") {
  let text = "";
  // Two rows a batch, so every export here crosses batches.
  for await (const chunk of streamExport({ db, request: exportRequest.parse(request), format, batchSize: 2 })) text += chunk;
  return text;
}

describe("streamExport", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb();
  });
  afterEach(async () => {
    await closeDb(db);
  });

  it("writes every VM the table's filter matches, across batches, in CSV and JSON", async () => {
    const cern = await createCloud(db, { name: "cern" });
    const bnl = await createCloud(db, { name: "bnl" });
    for (const [i, state] of (["running", "booting", "terminated", "running", "error", "lost", "running"] as const).entries()) {
      await createVm(db, { cloudId: cern.id, name: `cern-${i}`, state, ip: `10.0.0.${i}` });
    }
    await createVm(db, { cloudId: bnl.id, name: "bnl-0", state: "running" });
    const filter = { cloudId: cern.id, states: [...LIVE_VM_STATES], page: 3, pageSize: 1 };
    const expected = await db
      .select({ id: vm.id, name: vm.name, state: vm.state, ip: vm.ip })
      .from(vm)
      .where(and(eq(vm.cloudId, cern.id), inArray(vm.state, [...LIVE_VM_STATES])))
      .orderBy(asc(vm.id));
    expect(expected).toHaveLength(5);

    const csv = (await exportText(db, { view: "vms", filter }, "csv")).trimEnd().split("\r\n").map((line) => line.split(","));
    const header = csv[0]!;
    expect(header.slice(0, 4)).toEqual(["id", "name", "cloud", "state"]);
    const column = (name: string) => header.indexOf(name);
    expect(csv.slice(1).map((r) => ({ id: Number(r[column("id")]), name: r[column("name")], state: r[column("state")], ip: r[column("ip")] }))).toEqual(expected);
    expect(csv.slice(1).every((r) => r[column("cloud")] === "cern")).toBe(true);

    const json = JSON.parse(await exportText(db, { view: "vms", filter }, "json")) as Array<Record<string, unknown>>;
    expect(json.map((r) => ({ id: r.id, name: r.name, state: r.state, ip: r.ip }))).toEqual(expected);
  });

  it("adds archived VMs when the filter includes ended ones, and leaves them out of a live-only export", async () => {
    const c = await createCloud(db, { name: "cern" });
    const longAgo = new Date(Date.UTC(2026, 0, 1));
    for (let i = 0; i < 3; i++) await createVm(db, { cloudId: c.id, name: `gone-${i}`, state: "terminated", stateChangedAt: longAgo });
    await createVm(db, { cloudId: c.id, name: "live-0", state: "running" });
    await archiveEndedVms({ db, input: { now: new Date(Date.UTC(2026, 1, 1)), retentionMs: 86_400_000 } });
    const names = async (states: VmState[]) => (JSON.parse(await exportText(db, { view: "vms", filter: { states } }, "json")) as Array<{ name: string }>).map((r) => r.name);

    expect(await names([])).toEqual(["live-0", "gone-0", "gone-1", "gone-2"]);
    expect(await names(["terminated"])).toEqual(["gone-0", "gone-1", "gone-2"]);
    expect(await names([...LIVE_VM_STATES])).toEqual(["live-0"]);
  });

  it("writes the audit entries of a filter newest first, and an empty export as just the header", async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 12, minute));
    for (let i = 0; i < 5; i++) {
      await db.insert(auditLog).values({ at: at(i), actorName: i % 2 ? "bob" : "alice", verb: "vms.drain", targetType: "vm", targetId: String(i), summary: `Drain ${i}` }).run();
    }
    const expected = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.actorName, "alice")).orderBy(desc(auditLog.id));
    const json = JSON.parse(await exportText(db, { view: "audit", filter: { actor: "alice" } }, "json")) as Array<{ id: number; summary: string }>;
    expect(json.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(json.map((r) => r.summary)).toEqual(["Drain 4", "Drain 2", "Drain 0"]);

    expect(await exportText(db, { view: "actions", filter: { status: "failed" } }, "csv")).toBe("id,kind,status,cloud,requestedBy,requestedAt,startedAt,finishedAt,total,succeeded,failed,error\r\n");
  });
});
