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

export interface Connection {
  readonly engine: "sqlite" | "postgres";
  execute(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult>;
  /** Runs `fn` with every query of its async context inside one write-locking transaction. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Rows as objects, for bench, tests and tooling that speak plain SQL (`?` placeholders). */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}
