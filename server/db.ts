import "server-only";
import { openDb, migrateDb, type Db } from "@/db/client";

const globalForDb = globalThis as unknown as { cloudscopeDb?: Db };

/** The web process's one connection; migrating is idempotent and cheap when current. */
export function getDb(): Db {
  if (!globalForDb.cloudscopeDb) {
    const db = openDb();
    migrateDb(db);
    globalForDb.cloudscopeDb = db;
  }
  return globalForDb.cloudscopeDb;
}
