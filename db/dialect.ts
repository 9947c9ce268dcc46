import { sql, type SQL } from "drizzle-orm";
import { engineOf, type Db } from "./client";

/**
 * The ids a select of one id column finds, locked for this transaction and skipping rows
 * another transaction has locked (PostgreSQL's FOR UPDATE SKIP LOCKED), so several workers
 * claim different rows. SQLite's IMMEDIATE transaction already holds the only write lock.
 */
export async function selectIdsForUpdateSkipLocked(db: Db, select: { getSQL(): SQL }): Promise<number[]> {
  const lock = engineOf(db) === "postgres" ? sql` for update skip locked` : sql``;
  const rows = await db.all<[number | string]>(sql`${select.getSQL()}${lock}`);
  return rows.map((row) => Number(row[0]));
}
