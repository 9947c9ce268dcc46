import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { vm } from "@/db/schema";
import { createCloud, createVm } from "../server/testing/factories";
import { decodeRows, encodeFor, prepareOnce, rawPlaceholder } from "./prepared-statements";
import { useFreshDatabases } from "@/db/testing/fresh-databases";

const columns = { id: vm.id, name: vm.name, stale: vm.stale, runningAt: vm.runningAt, terminatedAt: vm.terminatedAt };
const prepareSelect = (db: Db) => db.select(columns).from(vm).where(eq(vm.cloudId, sql.placeholder("cloudId"))).prepare();
const prepareSetTimes = (db: Db) =>
  db
    .update(vm)
    .set({ runningAt: rawPlaceholder("runningAt"), terminatedAt: rawPlaceholder("terminatedAt") })
    .where(eq(vm.id, sql.placeholder("id")))
    .prepare();

const freshDb = useFreshDatabases();

describe("prepared statements", () => {
  it("builds once per database", async () => {
    const a = await freshDb();
    const b = await freshDb();
    expect(prepareOnce(a, prepareSelect)).toBe(prepareOnce(a, prepareSelect));
    expect(prepareOnce(b, prepareSelect)).not.toBe(prepareOnce(a, prepareSelect));
  });

  it("binds timestamps and nulls through SET placeholders, and decodes raw rows like drizzle", async () => {
    const db = await freshDb();
    const cloudId = (await createCloud(db)).id;
    const { id } = await createVm(db, { cloudId, stale: true, terminatedAt: new Date() });
    const running = new Date("2026-11-25T12:00:00.123Z");
    await prepareOnce(db, prepareSetTimes).run({ id, runningAt: encodeFor(vm.runningAt, running), terminatedAt: encodeFor(vm.terminatedAt, null) });

    const select = prepareOnce(db, prepareSelect);
    const decoded = decodeRows(columns, await select.values({ cloudId }));
    expect(decoded).toEqual(await select.all({ cloudId }));
    expect(decoded[0]).toMatchObject({ id, stale: true, runningAt: running, terminatedAt: null });
  });
});
