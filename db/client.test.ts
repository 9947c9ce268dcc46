import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changedRows, engineOf, queryRows } from "./client";
import { toNumberedPlaceholders, unqualifyConflictTargets } from "./engines/postgres";
import { isLocalDatabaseError } from "./errors";
import { auditLog, cloud } from "./schema";
import { useFreshDatabases } from "./testing/fresh-databases";

const freshDb = useFreshDatabases();

const newCloud = (name: string) => ({ name, kind: "openstack" as const, endpoint: "http://127.0.0.1:1/v3", credentialsEnc: "x", createdAt: new Date(1_700_000_000_123) });

describe("the database interface (each engine)", () => {
  it("gives inserted rows an id and reads back times, flags and text as written", async () => {
    const db = await freshDb();
    const a = await db.insert(cloud).values(newCloud("a")).returning().get();
    const b = await db.insert(cloud).values({ ...newCloud("b"), paused: true }).returning().get();
    expect(b.id).toBeGreaterThan(a.id);
    const read = await db.select().from(cloud).where(eq(cloud.id, b.id)).get();
    expect(read).toMatchObject({ name: "b", paused: true, enabled: true, createdAt: new Date(1_700_000_000_123), region: null });
  });

  it("counts changed rows the same way", async () => {
    const db = await freshDb();
    await db.insert(cloud).values([newCloud("a"), newCloud("b"), newCloud("c")]).run();
    expect(changedRows(await db.update(cloud).set({ paused: true }).where(sql`${cloud.name} <> 'a'`).run())).toBe(2);
    expect(await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(cloud).get()).toEqual({ n: 3 });
  });

  it("rolls a failed transaction back whole and keeps a committed one", async () => {
    const db = await freshDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(cloud).values(newCloud("half")).run();
        throw new Error("business rule says no");
      }),
    ).rejects.toThrow("business rule says no");
    await db.transaction(async (tx) => {
      await tx.insert(cloud).values(newCloud("whole")).run();
      await tx.transaction(async (inner) => inner.insert(cloud).values(newCloud("nested")).run());
    });
    const names = (await db.select({ name: cloud.name }).from(cloud).orderBy(cloud.name).all()).map((r) => r.name);
    expect(names).toEqual(["nested", "whole"]);
  });

  it("keeps concurrent read-modify-write transactions from losing an update", async () => {
    const db = await freshDb();
    const { id } = await db.insert(cloud).values(newCloud("counter")).returning({ id: cloud.id }).get();
    await Promise.all(
      Array.from({ length: 8 }, () =>
        db.transaction(async (tx) => {
          const row = await tx.select({ t: cloud.timeoutMs }).from(cloud).where(eq(cloud.id, id)).get();
          await new Promise((resolve) => setTimeout(resolve, 2));
          await tx.update(cloud).set({ timeoutMs: row!.t + 1 }).where(eq(cloud.id, id)).run();
        }),
      ),
    );
    const row = await db.select({ t: cloud.timeoutMs }).from(cloud).where(eq(cloud.id, id)).get();
    expect(row!.t).toBe(10_000 + 8);
  });

  it("reports a failed query as a local database error, naming the constraint", async () => {
    const db = await freshDb();
    await db.insert(cloud).values(newCloud("dup")).run();
    const error = await db.insert(cloud).values(newCloud("dup")).run().catch((e: unknown) => e);
    expect(isLocalDatabaseError(error)).toBe(true);
    expect(String((error as Error).cause ?? error)).toMatch(/unique/i);
  });

  it("answers plain SQL with object rows", async () => {
    const db = await freshDb();
    await db.insert(auditLog).values({ at: new Date(5), actorId: "u1", actorName: "ann", actorRole: "admin", verb: "x.y", targetType: "t", summary: "s" }).run();
    expect(await queryRows(db, "select actor_name, at from audit_log where actor_id = ?", ["u1"])).toEqual([{ actor_name: "ann", at: 5 }]);
  });

  it("runs on the engine this project asked for", async () => {
    const db = await freshDb();
    expect(engineOf(db)).toBe(process.env.CLOUDSCOPE_TEST_DATABASE_URL ? "postgres" : "sqlite");
  });
});

describe("SQLite-dialect SQL on PostgreSQL", () => {
  it("names conflict targets by bare column", () => {
    expect(unqualifyConflictTargets(`insert into "q" ("a", "b") values (?, ?) on conflict ("q"."a", "q"."b") do update set "b" = excluded."b"`)).toBe(
      `insert into "q" ("a", "b") values (?, ?) on conflict ("a", "b") do update set "b" = excluded."b"`,
    );
  });


  it("numbers each ? outside quotes", () => {
    expect(toNumberedPlaceholders(`select "a?" from t where x = ? and y like '?%' and z in (?, ?)`)).toBe(`select "a?" from t where x = $1 and y like '?%' and z in ($2, $3)`);
  });
});

describe("upserts (each engine)", () => {
  it("updates the existing row on a conflicting key", async () => {
    const db = await freshDb();
    await db.insert(cloud).values(newCloud("up")).run();
    await db
      .insert(cloud)
      .values({ ...newCloud("up"), region: "second" })
      .onConflictDoUpdate({ target: cloud.name, set: { region: "second" } })
      .run();
    expect(await db.select({ region: cloud.region }).from(cloud).all()).toEqual([{ region: "second" }]);
  });
});
