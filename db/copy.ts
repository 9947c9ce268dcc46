import { asc, getTableColumns, is, sql } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { connectionOf, engineOf, type Db } from "./client";
import { SERIAL_TABLES } from "./pg/schema";
import * as schema from "./schema";

const READ_BATCH = 5_000;
/** Bound parameters per INSERT: within both engines' limits. */
const MAX_PARAMETERS = 999;

export interface CopyReport {
  table: string;
  rows: number;
}

/**
 * Copies every row of every table from one database to another, empty, migrated one (the
 * embedded SQLite file to PostgreSQL, or back), in one transaction on each side: the source
 * is read as one snapshot and the target gets all or nothing. Sealed credentials, password
 * hashes and sessions travel as they are: the secret key files stay valid.
 */
export async function copyDatabase(from: Db, to: Db, log: (line: string) => void = () => undefined): Promise<CopyReport[]> {
  const tables = tablesInDependencyOrder();
  return from.transaction(async () => {
    await refuseNonEmpty(to, tables);
    return to.transaction(async () => {
      const report: CopyReport[] = [];
      for (const table of tables) {
        const name = getTableConfig(table).name;
        const rows = await copyTable(from, to, table);
        log(`${name}: ${rows} rows`);
        report.push({ table: name, rows });
      }
      if (engineOf(to) === "postgres") await resetSequences(to);
      return report;
    });
  });
}

async function copyTable(from: Db, to: Db, table: SQLiteTable): Promise<number> {
  const columns = getTableColumns(table);
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
  // Every column in the order: a total order, so paging by offset neither skips nor repeats a row.
  const order = Object.values(columns).map((c) => asc(c));
  let copied = 0;
  for (let offset = 0; ; offset += READ_BATCH) {
    const rows = await from.select().from(table).orderBy(...order).limit(READ_BATCH).offset(offset).all();
    for (let i = 0; i < rows.length; i += perInsert) await to.insert(table).values(rows.slice(i, i + perInsert)).run();
    copied += rows.length;
    if (rows.length < READ_BATCH) return copied;
  }
}

async function refuseNonEmpty(to: Db, tables: SQLiteTable[]): Promise<void> {
  for (const table of tables) {
    const found = await to.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table).get();
    if ((found?.n ?? 0) > 0) throw new Error(`the target database is not empty (${getTableConfig(table).name} has ${found!.n} rows): copy into a new, empty database`);
  }
}

/** Explicit ids were copied: each sequence continues after the largest. */
async function resetSequences(to: Db): Promise<void> {
  const connection = connectionOf(to);
  for (const name of SERIAL_TABLES) {
    await connection.query(`select setval(pg_get_serial_sequence('"${name}"', 'id'), coalesce(max(id), 0) + 1, false) from "${name}"`);
  }
}

/** Parents before children, so every foreign key finds its row. */
export function tablesInDependencyOrder(): SQLiteTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));
  const ordered: SQLiteTable[] = [];
  const visit = (table: SQLiteTable, path: Set<SQLiteTable>) => {
    if (ordered.includes(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${getTableConfig(table).name}`);
    path.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignTable as SQLiteTable;
      if (parent !== table) visit(parent, path);
    }
    path.delete(table);
    ordered.push(table);
  };
  for (const table of tables.sort((a, b) => getTableConfig(a).name.localeCompare(getTableConfig(b).name))) visit(table, new Set());
  return ordered;
}
