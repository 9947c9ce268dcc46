import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq, isNotNull } from "drizzle-orm";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, auditLog, imageVersion, vm } from "@/db/schema";
import { testActor } from "@/server/testing/actors";
import { createCloud, createImageVersion, createVm } from "@/server/testing/factories";
import { ensureDemoEndorser } from "./ensure-demo-endorser";
import { revokeImageVersion, type ListSigning } from "./endorse-image-version";
import { listVersionRunners } from "./version-runners";

const secretKey = crypto.randomBytes(32);
const signing: ListSigning = { secretKey, lifetimeMs: 86_400_000, baseUrl: "http://localhost:3000" };
const admin = testActor("admin");
const NOW = new Date("2026-12-03T12:00:00Z");

describe("revoking a version with a drain of the VMs still running it", () => {
  let db: Db;
  let versionId: number;
  let otherId: number;
  const drainedNames = async () =>
    (await db.select({ name: vm.name }).from(vm).where(isNotNull(vm.drainRequestedAt)).orderBy(asc(vm.name)).all()).map((r) => r.name);

  beforeEach(async () => {
    db = await openTestDb();
    await ensureDemoEndorser({ db, secretKey });
    versionId = (await createImageVersion(db)).id;
    otherId = (await createImageVersion(db)).id;
    const cern = (await createCloud(db, { name: "CERN LxCloud" })).id;
    const uvic = (await createCloud(db, { name: "UVic Nefos" })).id;
    await createVm(db, { cloudId: cern, name: "cern-1", state: "running", imageVersionId: versionId });
    await createVm(db, { cloudId: cern, name: "cern-2", state: "booting", imageVersionId: versionId });
    await createVm(db, { cloudId: cern, name: "cern-3", state: "requested", imageVersionId: versionId });
    await createVm(db, { cloudId: cern, name: "cern-gone", state: "terminated", imageVersionId: versionId });
    await createVm(db, { cloudId: cern, name: "cern-other", state: "running", imageVersionId: otherId });
    await createVm(db, { cloudId: uvic, name: "uvic-1", state: "running", imageVersionId: versionId });
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("lists by cloud the live VMs on the version and how many a drain takes", async () => {
    expect(await listVersionRunners({ db, input: { versionId } })).toEqual({
      clouds: [
        { cloudId: expect.any(Number), cloudName: "CERN LxCloud", live: 3, drainable: 2 },
        { cloudId: expect.any(Number), cloudName: "UVic Nefos", live: 1, drainable: 1 },
      ],
      drainable: 3,
    });
  });

  it("revokes and queues one drain of exactly the version's booting and running VMs, both audited", async () => {
    const result = await revokeImageVersion({ db, actor: admin, input: { versionId, reason: "kernel CVE", drain: { idempotencyKey: crypto.randomUUID() } }, signing, now: NOW });
    expect(result).toMatchObject({ state: "revoked", drain: { actionId: expect.any(Number), existing: false } });
    expect(await drainedNames()).toEqual(["cern-1", "cern-2", "uvic-1"]);
    expect(await db.select({ kind: action.kind }).from(action).all()).toEqual([{ kind: "drain" }]);
    const audit = await db.select({ verb: auditLog.verb, summary: auditLog.summary }).from(auditLog).where(eq(auditLog.actorId, admin.id)).orderBy(asc(auditLog.id)).all();
    expect(audit.map((a) => a.verb)).toEqual(["images.revoke", "vms.drain"]);
    expect(audit[1]?.summary).toMatch(/^Drain 3 VMs on /);
  });

  it("revokes without draining when not asked, and drains nothing when the revoke is refused", async () => {
    await revokeImageVersion({ db, actor: admin, input: { versionId, reason: "kernel CVE" }, signing, now: NOW });
    expect(await drainedNames()).toEqual([]);
    const again = revokeImageVersion({ db, actor: admin, input: { versionId, reason: "again", drain: { idempotencyKey: crypto.randomUUID() } }, signing, now: NOW });
    await expect(again).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await drainedNames()).toEqual([]);
    expect(await db.select().from(action).all()).toEqual([]);
    expect((await db.select({ state: imageVersion.state }).from(imageVersion).where(eq(imageVersion.id, otherId)).get())?.state).toBe("endorsed");
  });
});
