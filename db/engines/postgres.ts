import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createHash } from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import pg from "pg";
import { LocalDatabaseError, databaseErrorCode } from "../errors";
import { TransactionStats, type Connection, type QueryMethod, type QueryResult, type TransactionOptions } from "./connection";

/** Counts and sums arrive as int8/numeric text; the schema's integers are bigints (epoch ms). */
const TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const SERIALIZATION_FAILURES = new Set(["40001", "40P01"]);
const TRANSACTION_ATTEMPTS = 10;
const MIGRATION_LOCK = 7_263_017;

/**
 * A pool of PostgreSQL connections. Transactions are SERIALIZABLE (what SQLite's single
 * writer gives for free) and re-run on a serialization failure, so their bodies must only
 * touch the database; the queries of a transaction find its client through async context.
 */
export class PostgresConnection implements Connection {
  readonly engine = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly client = new AsyncLocalStorage<pg.PoolClient>();
  private readonly translated = new Map<string, { text: string; name: string }>();
  readonly stats = new TransactionStats();

  constructor(url: string, { max = 10 }: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString: url, max, types: TYPES });
    // An idle client that loses its server must not take the process down.
    this.pool.on("error", (error) => console.error(`[db] idle PostgreSQL connection failed: ${error.message}`));
  }

  async execute(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult> {
    const { text, name } = this.translate(sql);
    const config: pg.QueryConfig = { text, name, values: params, ...(method === "run" ? {} : { rowMode: "array" }) };
    const client = this.client.getStore();
    const result = client ? await client.query(config) : await this.pool.query(config);
    if (method === "run") return { rows: [], changes: result.rowCount ?? 0 };
    return { rows: method === "get" ? result.rows[0] : result.rows };
  }

  /** `?` → `$n` (outside quotes), and a stable statement name so each client prepares it once. */
  private translate(sql: string): { text: string; name: string } {
    let hit = this.translated.get(sql);
    if (!hit) {
      const text = toNumberedPlaceholders(unqualifyConflictTargets(sql));
      hit = { text, name: `cs_${createHash("sha1").update(text).digest("hex").slice(0, 20)}` };
      if (this.translated.size > 2000) this.translated.clear();
      this.translated.set(sql, hit);
    }
    return hit;
  }

  async transaction<T>(fn: () => Promise<T>, { isolation = "serializable" }: TransactionOptions = {}): Promise<T> {
    if (this.client.getStore()) return fn();
    const begin = `BEGIN ISOLATION LEVEL ${isolation === "read committed" ? "READ COMMITTED" : "SERIALIZABLE"}`;
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      this.stats.began();
      try {
        await local("start a transaction", () => client.query(begin));
        const result = await this.client.run(client, fn);
        await local("commit", () => client.query("COMMIT"));
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        if (!SERIALIZATION_FAILURES.has(databaseErrorCode(error) ?? "") || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      } finally {
        client.release();
        this.stats.ended();
      }
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw new LocalDatabaseError(`Cannot reach the database: ${(error as Error).message}`, { cause: error });
    }
  }

  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const { text, name } = this.translate(sql);
    const client = this.client.getStore();
    const config: pg.QueryConfig = { text, name, values: params };
    return (client ? await client.query(config) : await this.pool.query(config)).rows;
  }

  /** Several processes may start at once: the advisory lock lets one migrate while the others wait. */
  async migrate(): Promise<void> {
    const client = await this.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await migrate(drizzle(client), { migrationsFolder: path.resolve(/* turbopackIgnore: true */ process.cwd(), "db/migrations-pg") });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A failure of the transaction's own statements is our database's, never the caller's. */
async function local<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new LocalDatabaseError(`Could not ${what}: ${(error as Error).message}`, { cause: error });
  }
}

/** SQLite takes `on conflict ("t"."c")`; PostgreSQL wants bare column names there. */
export function unqualifyConflictTargets(sql: string): string {
  return sql.replace(/on conflict \(([^)]*)\)/g, (_, target: string) => `on conflict (${target.replace(/"[^"]+"\./g, "")})`);
}

/** Rewrites SQLite-style `?` placeholders as `$1, $2, …`, leaving quoted text alone. */
export function toNumberedPlaceholders(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === "?") {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}
