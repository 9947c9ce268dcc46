import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { createCloud, createVm, createVms } from "@/server/testing/factories";
import { listMatchingVmIds, listMatchingVmIdsInput } from "./list-matching-vm-ids";

describe("listMatchingVmIds", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb();
  });
  afterEach(async () => {
    await closeDb(db);
  });

  it("selects every VM the filter shows that can still take an action, up to the bulk limit", async () => {
    const cloud = await createCloud(db);
    const other = await createCloud(db);
    const running = await createVm(db, { cloudId: cloud.id, name: "w-1", state: "running" });
    const booting = await createVm(db, { cloudId: cloud.id, name: "w-2", state: "booting" });
    await createVm(db, { cloudId: cloud.id, name: "w-3", state: "terminated" });
    await createVm(db, { cloudId: cloud.id, name: "w-4", state: "lost" });
    await createVm(db, { cloudId: other.id, name: "w-5", state: "running" });
    const input = listMatchingVmIdsInput.parse({ cloudId: cloud.id, name: "w-" });
    expect(await listMatchingVmIds({ db, input })).toEqual({ ids: [running.id, booting.id], total: 2 });

    await createVms(db, 2_001, (i) => ({ cloudId: other.id, name: `bulk-${i}` }));
    const many = await listMatchingVmIds({ db, input: listMatchingVmIdsInput.parse({ name: "bulk-" }) });
    expect([many.ids.length, many.total]).toEqual([2_000, 2_001]);
  });
});
