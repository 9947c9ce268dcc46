/**
 * What `db/client.ts` needs of an engine. Queries arrive as drizzle's SQLite dialect
 * renders them (`?` placeholders, double-quoted names): the schema is written once, in
 * SQLite's column types, and the PostgreSQL DDL is generated from it (db/pg/).
 */
export type QueryMethod = "run" | "all" | "values" | "get";

/** What drizzle's sqlite-proxy expects back; `changes` is what `.run()` callers read. */
export interface QueryResult {
  rows: unknown;
  changes?: number;
}

export interface TransactionOptions {
  /**
   * PostgreSQL only (SQLite has one writer at a time anyway). SERIALIZABLE by default; READ
   * COMMITTED for writes that a lease already makes one worker's alone (a cloud's polls), which
   * would otherwise fail on the false conflicts of SERIALIZABLE's page-level predicate locks.
   */
  isolation?: "serializable" | "read committed";
}

/** Counts transactions and the time any was open: with several at once (PostgreSQL), their overlap is counted once. */
export class TransactionStats {
  transactions = 0;
  busyMs = 0;
  private open = 0;
  private since = 0;

  began(): void {
    if (this.open++ === 0) this.since = performance.now();
  }

  ended(): void {
    this.transactions += 1;
    if (--this.open === 0) this.busyMs += performance.now() - this.since;
  }
}

export interface Connection {
  readonly engine: "sqlite" | "postgres";
  execute(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult>;
  /** Runs `fn` with every query of its async context inside one write-locking transaction. */
  transaction<T>(fn: () => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Rows as objects, for bench, tests and tooling that speak plain SQL (`?` placeholders). */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  migrate(): Promise<void>;
  /** For the bench: transactions run, and the time at least one of them was open (overlaps counted once). */
  readonly stats: TransactionStats;
  close(): Promise<void>;
}
