import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, createTestPostgresDatabase, migrateDb, openDb, type Db } from "../client";

export interface SharedTestDatabase {
  db: Db;
  /** The variables that point another process (a worker, a web server) at the same database. */
  env: Record<string, string>;
  /** Where key files and logs of those processes may go. */
  dir: string;
  dispose(): Promise<void>;
}

/**
 * A database that other processes can open too: a SQLite file in a temporary folder, or a
 * new PostgreSQL database when the test run provides a server. For tests that start real
 * worker or web processes.
 */
export async function createSharedTestDatabase(): Promise<SharedTestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-shared-"));
  const url = await createTestPostgresDatabase();
  const file = path.join(dir, "cloudscope.db");
  const db = url ? openDb({ url }) : openDb({ url: "", file });
  if (!url) await migrateDb(db);
  const env: Record<string, string> = url ? { CLOUDSCOPE_DATABASE_URL: url, CLOUDSCOPE_DB: file } : { CLOUDSCOPE_DATABASE_URL: "", CLOUDSCOPE_DB: file };
  return {
    db,
    env,
    dir,
    async dispose() {
      await closeDb(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
