import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { LocalDatabaseError, databaseErrorCode } from "../errors";
import { TransactionStats, type Connection, type QueryMethod, type QueryResult } from "./connection";

export interface SqliteOptions {
  /**
   * NORMAL (the worker's default) may lose the last commits on power loss; FULL syncs each
   * commit, for the web, whose rare writes each acknowledge an operator's request.
   */
  synchronous?: "NORMAL" | "FULL";
  /** How long a statement waits for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

const STATEMENT_CACHE_SIZE = 500;
const BEGIN_ATTEMPTS = 5;

/**
 * One better-sqlite3 connection in WAL mode. Its calls are synchronous, so a transaction
 * spanning awaits must keep other async work of this process out: queries from outside the
 * open transaction's async context wait until it ends, and transactions queue.
 */
export class SqliteConnection implements Connection {
  readonly engine = "sqlite" as const;
  private readonly sqlite: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private open: Promise<unknown> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  readonly stats = new TransactionStats();

  /** `file` may also be a serialized database (`native.serialize()`), opened as a private in-memory copy. */
  constructor(file: string | Buffer, { synchronous = "NORMAL", busyTimeoutMs = 5_000 }: SqliteOptions = {}) {
    if (typeof file === "string" && file !== ":memory:") createPrivately(file);
    this.sqlite = new Database(file);
    this.sqlite.pragma("journal_mode = WAL");
    this.sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    this.sqlite.pragma(`synchronous = ${synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    this.sqlite.pragma("foreign_keys = ON");
  }

  /** The raw handle, for what only SQLite has (WAL checkpoints). */
  get native(): Database.Database {
    return this.sqlite;
  }

  async execute(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult> {
    await this.outsideOpenTransaction();
    return this.executeNow(sql, params, method);
  }

  /** A query from outside the open transaction's async context waits until it ends. */
  private async outsideOpenTransaction(): Promise<void> {
    if (!this.inTransaction.getStore()) while (this.open) await this.open.catch(() => undefined);
  }

  private executeNow(sql: string, params: unknown[], method: QueryMethod): QueryResult {
    const statement = this.prepare(sql);
    if (method === "run" || !statement.reader) return { rows: [], changes: statement.run(...params).changes };
    statement.raw(true);
    return { rows: method === "get" ? statement.get(...params) : statement.all(...params) };
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return fn();
    const run = this.queue.then(() => this.runTransaction(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(fn: () => Promise<T>): Promise<T> {
    // Marked open before BEGIN: from here on, queries from outside wait for the end.
    let end!: () => void;
    this.open = new Promise<void>((resolve) => (end = resolve));
    try {
      await this.begin();
      this.stats.began();
      try {
        const result = await this.inTransaction.run(true, fn);
        commit(this.sqlite);
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec("ROLLBACK");
        throw error;
      } finally {
        this.stats.ended();
      }
    } finally {
      this.open = null;
      end();
    }
  }

  /** IMMEDIATE takes the write lock first, so a read-then-write cannot fail half way on a busy database. */
  private async begin(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.sqlite.exec("BEGIN IMMEDIATE");
        return;
      } catch (error) {
        if (databaseErrorCode(error) !== "SQLITE_BUSY" || attempt >= BEGIN_ATTEMPTS) {
          throw new LocalDatabaseError(`Could not start a transaction: ${(error as Error).message}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 20));
      }
    }
  }

  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    await this.outsideOpenTransaction();
    const statement = this.prepare(sql);
    if (!statement.reader) {
      statement.run(...params);
      return [];
    }
    return statement.raw(false).all(...params) as Record<string, unknown>[];
  }

  async migrate(): Promise<void> {
    migrate(drizzle(this.sqlite), { migrationsFolder: path.resolve(/* turbopackIgnore: true */ process.cwd(), "db/migrations") });
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}

function commit(sqlite: Database.Database): void {
  try {
    sqlite.exec("COMMIT");
  } catch (error) {
    throw new LocalDatabaseError(`Could not commit: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The database holds password hashes, session tokens and the audit log: the file is the
 * owner's only, and SQLite gives its WAL and shared-memory files the same mode.
 */
function createPrivately(file: string): void {
  const resolved = path.resolve(/* turbopackIgnore: true */ file);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  if (!fs.existsSync(resolved)) fs.closeSync(fs.openSync(resolved, "a", 0o600));
  else fs.chmodSync(resolved, 0o600);
}
