import { connectionOf, type Db } from "@/db/client";
import { SqliteConnection } from "@/db/engines/sqlite";

/** How often the worker folds the write-ahead log back into the database file. */
export const CHECKPOINT_MS = 5_000;

/**
 * The worker writes in bursts (one transaction per poll); SQLite's automatic checkpoint
 * would fsync in the middle of them. The worker checkpoints on its own timer instead,
 * off the poll path; the web's rare writes keep the default. PostgreSQL checkpoints on
 * its own: there the returned function does nothing.
 */
export function takeOverCheckpoints(db: Db): () => Promise<void> {
  const connection = connectionOf(db);
  if (!(connection instanceof SqliteConnection)) return async () => {};
  connection.native.pragma("wal_autocheckpoint = 0");
  // Through the connection, not the native handle: a checkpoint cannot run on a connection
  // inside a transaction (SQLITE_LOCKED), and the connection's queries wait for the open one.
  return async () => {
    await connection.query("PRAGMA wal_checkpoint(PASSIVE)");
  };
}
