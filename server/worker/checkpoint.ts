import type { Db } from "@/db/client";

/** How often the worker folds the write-ahead log back into the database file. */
export const CHECKPOINT_MS = 5_000;

/**
 * The worker writes in bursts (one transaction per poll); SQLite's automatic checkpoint
 * would fsync in the middle of them. The worker checkpoints on its own timer instead,
 * off the poll path; the web's rare writes keep the default.
 */
export function takeOverCheckpoints(db: Db): () => void {
  db.$client.pragma("wal_autocheckpoint = 0");
  return () => {
    db.$client.pragma("wal_checkpoint(PASSIVE)");
  };
}
