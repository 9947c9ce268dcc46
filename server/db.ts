import "server-only";
import { openDb, type Db } from "@/db/client";

const globalForDb = globalThis as unknown as { cloudscopeDb?: Db };

/**
 * The web process's database. It does not migrate: `npm start` and `npm run web` apply
 * migrations before the web server starts. synchronous = FULL on SQLite: each web write
 * acknowledges an operator's request, so it must survive power loss.
 */
export function getDb(): Db {
  globalForDb.cloudscopeDb ??= openDb({ synchronous: "FULL" });
  return globalForDb.cloudscopeDb;
}
