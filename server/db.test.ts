import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeDb, connectionOf, openDb, type Db } from "@/db/client";
import { SqliteConnection } from "@/db/engines/sqlite";
import { getDb } from "./db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-db-"));
const saved = { CLOUDSCOPE_DB: process.env.CLOUDSCOPE_DB, CLOUDSCOPE_DATABASE_URL: process.env.CLOUDSCOPE_DATABASE_URL };

/** The better-sqlite3 handle under a SQLite `Db`, to read its pragmas. */
function sqliteOf(db: Db) {
  const connection = connectionOf(db);
  if (!(connection instanceof SqliteConnection)) throw new Error(`expected a SQLite connection, got ${connection.engine}`);
  return connection.native;
}
const synchronous = (db: Db) => sqliteOf(db).pragma("synchronous", { simple: true });

let db: Db | undefined;
afterEach(async () => {
  if (db) await closeDb(db);
  db = undefined;
  delete (globalThis as { cloudscopeDb?: unknown }).cloudscopeDb;
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The web's getDb() on a SQLite file of this test's, whatever database the environment names. */
function webDbAt(file: string): Db {
  process.env.CLOUDSCOPE_DB = file;
  process.env.CLOUDSCOPE_DATABASE_URL = "";
  return getDb();
}

// SQLite's pragmas and file mode: nothing to check when the test run is on PostgreSQL.
describe.skipIf(!!process.env.CLOUDSCOPE_TEST_DATABASE_URL)("SQLite database connections (not on the PostgreSQL test run: no file, no pragmas)", () => {
  it("the worker's default keeps synchronous = NORMAL (1)", () => {
    db = openDb({ url: "", file: path.join(tmp, "worker.db") });
    expect(synchronous(db)).toBe(1);
  });

  it("the web's connection syncs every commit: synchronous = FULL (2), in WAL mode", () => {
    db = webDbAt(path.join(tmp, "web.db"));
    expect(synchronous(db)).toBe(2);
    expect(sqliteOf(db).pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("creates the database file readable and writable by its owner only (0600): it holds password hashes and sessions", () => {
    const file = path.join(tmp, "private", "cloudscope.db");
    db = webDbAt(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
