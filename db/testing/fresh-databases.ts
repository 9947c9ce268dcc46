import { afterEach } from "vitest";
import { closeDb, openTestDb, type Db } from "../client";

/**
 * For test files that open several databases: returns an opener whose databases are all
 * closed after each test. Call it while the tests are collected.
 */
export function useFreshDatabases(): () => Promise<Db> {
  const opened: Db[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => closeDb(db)));
  });
  return async () => {
    const db = await openTestDb();
    opened.push(db);
    return db;
  };
}
