import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action } from "@/db/schema";
import { exportRequest, streamExport } from "./export-table";
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
    const { actions } = await listActions({ db, input: listActionsInput.parse({}), me: null });
    const [drain, destroy] = actions;
    expect(destroy).toMatchObject({ kind: "destroy", stored: { kind: "destroy", params: { vmIds: [4, 5] } }, paramsError: null, retryOf: 7 });
    expect(drain).toMatchObject({ kind: "drain", stored: null, retryOf: null });
    expect(drain!.paramsError).toMatch(/drain parameters are malformed at "vmIds"/);
  });

  it("narrows to my actions and a time range, and an export of the same filter has the same rows", async () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour));
    const rows = [
      { who: "u1", hour: 8 },
      { who: "u2", hour: 9 },
      { who: "u1", hour: 10 },
      { who: "u1", hour: 12 },
    ];
    for (const [i, r] of rows.entries()) {
      await db.insert(action).values({ kind: "drain", idempotencyKey: `k${i}`, requestedById: r.who, requestedByName: r.who, requestedAt: at(r.hour), params: "{}" }).run();
    }
    const filter = { mine: true, from: at(9), to: at(12) };
    const listed = await listActions({ db, input: listActionsInput.parse(filter), me: "u1" });
    expect(listed.actions.map((a) => a.requestedAt)).toEqual([at(10)]);
    expect((await listActions({ db, input: listActionsInput.parse({ mine: true }), me: null })).total).toBe(0);

    let text = "";
    for await (const chunk of streamExport({ db, request: exportRequest.parse({ view: "actions", filter }), format: "json", me: "u1" })) text += chunk;
    expect((JSON.parse(text) as Array<{ id: number }>).map((r) => r.id)).toEqual(listed.actions.map((a) => a.id));
  });

  it("refuses a time range that ends before it starts", () => {
    expect(listActionsInput.safeParse({ from: new Date(2_000), to: new Date(1_000) }).success).toBe(false);
  });
});
