import "server-only";
import { openDb, migrateDb, type Db } from "@/db/client";

const globalForDb = globalThis as unknown as { cloudscopeDb?: Db };

/**
 * The web process's one connection; migrating is idempotent and cheap when current.
 * synchronous = FULL: each web write acknowledges an operator's request, so it must survive power loss.
 */
export function getDb(): Db {
  if (!globalForDb.cloudscopeDb) {
    const db = openDb(undefined, { synchronous: "FULL" });
    migrateDb(db);
    globalForDb.cloudscopeDb = db;
  }
  return globalForDb.cloudscopeDb;
}
