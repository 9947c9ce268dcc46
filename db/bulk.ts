import { getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { connectionOf, type Db } from "./client";

/** Bound parameters per PostgreSQL statement: well inside its 65,535. */
const PG_MAX_PARAMETERS = 30_000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const pgType = (column: SQLiteColumn) => ({ integer: "bigint", real: "double precision", text: "text" })[column.getSQLType()] ?? "text";

/**
 * Updates many rows by id, each with its own values (driver values, as `encodeFor` gives),
 * in the caller's transaction. The engines differ in what is fast: SQLite runs one cached
 * statement per row in-process, PostgreSQL pays a round trip per statement, so it gets one
 * `UPDATE … FROM (VALUES …)` per few thousand rows.
 */
export async function updateManyById(tx: Db, table: SQLiteTable, id: SQLiteColumn, columns: readonly SQLiteColumn[], rows: ReadonlyArray<{ id: number; values: readonly unknown[] }>): Promise<void> {
  if (rows.length === 0) return;
  const connection = connectionOf(tx);
  const name = quote(getTableName(table));
  if (connection.engine === "sqlite") {
    const sql = `update ${name} set ${columns.map((c) => `${quote(c.name)} = ?`).join(", ")} where ${quote(id.name)} = ?`;
    for (const row of rows) await connection.execute(sql, [...row.values, row.id], "run");
    return;
  }
  const all = [id, ...columns];
  const tuple = `(${all.map((c) => `cast(? as ${pgType(c)})`).join(", ")})`;
  const perStatement = Math.max(1, Math.floor(PG_MAX_PARAMETERS / all.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const sql =
      `update ${name} set ${columns.map((c) => `${quote(c.name)} = "v".${quote(c.name)}`).join(", ")} ` +
      `from (values ${chunk.map(() => tuple).join(", ")}) as "v"(${all.map((c) => quote(c.name)).join(", ")}) ` +
      `where ${name}.${quote(id.name)} = "v".${quote(id.name)}`;
    await connection.execute(sql, chunk.flatMap((r) => [r.id, ...r.values]), "run");
  }
}

/**
 * Inserts many rows (driver values in `columns` order) in the caller's transaction: one
 * cached statement per row on SQLite, multi-row statements on PostgreSQL (see updateManyById).
 */
export async function insertMany(tx: Db, table: SQLiteTable, columns: readonly SQLiteColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
  if (rows.length === 0) return;
  const connection = connectionOf(tx);
  const head = `insert into ${quote(getTableName(table))} (${columns.map((c) => quote(c.name)).join(", ")}) values `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const perStatement = connection.engine === "sqlite" ? 1 : Math.max(1, Math.floor(PG_MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    await connection.execute(head + chunk.map(() => tuple).join(", "), chunk.flat(), "run");
  }
}
