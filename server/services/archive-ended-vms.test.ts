import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { vm, vmArchive, vmEvent, vmEventArchive } from "@/db/schema";
import { createCloud, createVm, createVms } from "@/server/testing/factories";
import { archiveEndedVms } from "./archive-ended-vms";

const DAY = 86_400_000;
const now = new Date("2026-06-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const retentionMs = 7 * DAY;

let db: Db;
let cloudId: number;
beforeEach(async () => {
  db = await openTestDb();
  cloudId = (await createCloud(db)).id;
});
afterEach(async () => {
  await closeDb(db);
});

const namesIn = async (table: typeof vm | typeof vmArchive) => (await db.select({ name: table.name }).from(table).all()).map((v) => v.name).sort();

describe("archiveEndedVms", () => {
  it("moves terminated and lost VMs past retention, with their transitions, and keeps everything else hot", async () => {
    const old = await createVm(db, { cloudId, name: "old-terminated", state: "terminated", rawState: "DELETED", stateChangedAt: ago(retentionMs + 1), lastError: "gone" });
    await createVm(db, { cloudId, name: "old-lost", state: "lost", stateChangedAt: ago(retentionMs + DAY) });
    const running = await createVm(db, { cloudId, name: "long-running", state: "running", stateChangedAt: ago(30 * DAY) });
    await createVm(db, { cloudId, name: "just-terminated", state: "terminated", stateChangedAt: ago(60_000) });
    await db
      .insert(vmEvent)
      .values([
        { vmId: old.id, cloudId, at: ago(9 * DAY), fromState: "running", toState: "terminated", rawState: "DELETED" },
        { vmId: running.id, cloudId, at: ago(30 * DAY), fromState: "booting", toState: "running", rawState: "ACTIVE" },
      ])
      .run();

    expect(await archiveEndedVms({ db, input: { now, retentionMs } })).toBe(2);

    expect(await namesIn(vm)).toEqual(["just-terminated", "long-running"]);
    expect(await namesIn(vmArchive)).toEqual(["old-lost", "old-terminated"]);
    const [archived] = await db.select().from(vmArchive).where(eq(vmArchive.id, old.id)).all();
    expect(archived).toMatchObject({ id: old.id, rawState: "DELETED", lastError: "gone", archivedAt: now });
    expect((await db.select().from(vmEventArchive).all()).map((e) => [e.vmId, e.toState])).toEqual([[old.id, "terminated"]]);
    expect((await db.select().from(vmEvent).all()).map((e) => e.vmId)).toEqual([running.id]);
  });

  it("works in batches and stops a pass after its last batch, leaving the rest for the next pass", async () => {
    await createVms(db, 7, (i) => ({ cloudId, name: `ended-${i}`, state: "terminated", stateChangedAt: ago(retentionMs + DAY + i) }));

    expect(await archiveEndedVms({ db, input: { now, retentionMs, batchSize: 2, maxBatches: 2 } })).toBe(4);
    expect(await namesIn(vm)).toHaveLength(3);
    expect(await archiveEndedVms({ db, input: { now, retentionMs, batchSize: 2, maxBatches: 5 } })).toBe(3);
    expect(await namesIn(vm)).toEqual([]);
    expect(await namesIn(vmArchive)).toHaveLength(7);
  });
});
