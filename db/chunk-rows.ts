import { getTableColumns, type Table } from "drizzle-orm";

/** Bound parameters per statement: SQLite's default limit before 3.32, so any build accepts it. */
export const MAX_BOUND_PARAMETERS = 999;

export function splitIntoChunks<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Splits rows for multi-row INSERTs into `table` that bind at most MAX_BOUND_PARAMETERS each. */
export function chunkForInsert<T>(table: Table, rows: readonly T[]): T[][] {
  const perRow = Object.keys(getTableColumns(table)).length;
  return splitIntoChunks(rows, Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / perRow)));
}
