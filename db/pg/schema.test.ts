import fs from "node:fs";
import path from "node:path";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { is } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeDb, engineOf, openTestDb, queryRows } from "../client";
import * as schema from "../schema";
import { renderPgSchema } from "./render-schema";
import { SERIAL_TABLES } from "./schema";

const sqliteTables = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable)).map((t) => getTableConfig(t));

describe("the PostgreSQL schema follows the SQLite one", () => {
  it("db/pg/schema.ts is what db/schema.ts renders to (run `npm run db:generate` after a schema change)", () => {
    expect(fs.readFileSync(path.join(__dirname, "schema.ts"), "utf8")).toBe(renderPgSchema());
  });

  it("a migrated database has every table and column of the schema, with the same nullability", async () => {
    const db = await openTestDb();
    try {
      const sql =
        engineOf(db) === "postgres"
          ? "select table_name as t, column_name as c, is_nullable = 'NO' as not_null from information_schema.columns where table_schema = 'public'"
          : "select m.name as t, p.name as c, p.\"notnull\" or p.pk as not_null from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'";
      const found = new Map((await queryRows(db, sql)).map((r) => [`${r.t}.${r.c}`, Boolean(r.not_null)]));
      for (const table of sqliteTables) {
        for (const column of table.columns) {
          expect(found.get(`${table.name}.${column.name}`), `${table.name}.${column.name}`).toBe(column.notNull || column.primary);
        }
      }
    } finally {
      await closeDb(db);
    }
  });

  it("fills a left-out id on every table with an autoincrement id", async () => {
    const db = await openTestDb();
    try {
      if (engineOf(db) !== "postgres") return;
      const rows = await queryRows(db, "select c.relname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname like '%_fill_id'");
      expect(rows.map((r) => r.t).sort()).toEqual([...SERIAL_TABLES].sort());
    } finally {
      await closeDb(db);
    }
  });
});
