import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action } from "@/db/schema";
import { listActions, listActionsInput } from "./list-actions";

describe("listActions", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb();
  });
  afterEach(async () => {
    await closeDb(db);
  });

  const insert = (kind: "drain" | "destroy", params: string, key: string) =>
    db.insert(action).values({ kind, idempotencyKey: key, requestedById: "u1", requestedByName: "ann", requestedAt: new Date(1_000), params }).run();

  it("gives each action its parameters checked against its kind, and names the field of an unreadable one", async () => {
    await insert("destroy", JSON.stringify({ vmIds: [4, 5], skipped: [], retryOf: 7 }), "k1");
    await insert("drain", JSON.stringify({ vmIds: "not a list", deadlineHours: 24 }), "k2");
    const { actions } = await listActions({ db, input: listActionsInput.parse({}) });
    const [drain, destroy] = actions;
    expect(destroy).toMatchObject({ kind: "destroy", stored: { kind: "destroy", params: { vmIds: [4, 5] } }, paramsError: null, retryOf: 7 });
    expect(drain).toMatchObject({ kind: "drain", stored: null, retryOf: null });
    expect(drain!.paramsError).toMatch(/drain parameters are malformed at "vmIds"/);
  });
});
