import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DB_PATH = "./data/cloudscope.db";

export function resolveDbPath(): string {
  return process.env.CLOUDSCOPE_DB ?? DEFAULT_DB_PATH;
}

export interface OpenDbOptions {
  /**
   * NORMAL (the worker's default) may lose the last commits on power loss; FULL syncs each
   * commit, for the web, whose rare writes each acknowledge an operator's request.
   */
  synchronous?: "NORMAL" | "FULL";
}

/** Opens the SQLite file in WAL mode with a busy timeout, so web and worker share it. */
export function openDb(file: string = resolveDbPath(), { synchronous = "NORMAL" }: OpenDbOptions = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(/* turbopackIgnore: true */ file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${synchronous === "FULL" ? "FULL" : "NORMAL"}`);
  sqlite.pragma("foreign_keys = ON");
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDb(db: Db): void {
  migrate(db, { migrationsFolder: path.resolve(/* turbopackIgnore: true */ process.cwd(), "db/migrations") });
}

/** A migrated in-memory database, for tests. */
export function openTestDb(): Db {
  const db = openDb(":memory:");
  migrateDb(db);
  return db;
}
