import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { randomBytes } from "node:crypto";
import { readEnv } from "../server/config/env";
import type { Connection, TransactionOptions } from "./engines/connection";
import { PostgresConnection } from "./engines/postgres";
import { SqliteConnection, type SqliteOptions } from "./engines/sqlite";
import * as schema from "./schema";

/**
 * The one database interface every service sees, on either engine: drizzle's query
 * builder, always awaited. `db.transaction(fn)` is the one transaction helper: write-locking
 * on SQLite (IMMEDIATE), SERIALIZABLE with retry on PostgreSQL; `fn` gets the same `db`
 * back (its queries join the transaction through async context) and a nested call joins
 * the open transaction.
 */
export interface Db extends Omit<SqliteRemoteDatabase<typeof schema>, "transaction"> {
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
}
/** A `Db` inside `db.transaction`; the same interface, named for the reader. */
export type Tx = Db;
export type Engine = Connection["engine"];

const connections = new WeakMap<Db, Connection>();

export function resolveDbPath(): string {
  return readEnv().CLOUDSCOPE_DB;
}

export interface OpenDbOptions extends SqliteOptions {
  /** `postgres://…`: PostgreSQL; otherwise the SQLite file. */
  url?: string;
  file?: string;
}

/** CLOUDSCOPE_DATABASE_URL (PostgreSQL) when set, else the SQLite file of CLOUDSCOPE_DB. */
export function openDb({ url = readEnv().CLOUDSCOPE_DATABASE_URL, file = resolveDbPath(), ...sqlite }: OpenDbOptions = {}): Db {
  const connection = url ? new PostgresConnection(url) : new SqliteConnection(file, sqlite);
  return wrap(connection);
}

function wrap(connection: Connection): Db {
  const remote = drizzle((sql, params, method) => connection.execute(sql, params, method) as Promise<{ rows: never[] }>, { schema });
  // drizzle's own proxy transaction would send BEGIN and COMMIT down the pool as two unrelated queries.
  const db = Object.assign(remote, { transaction: <T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions) => connection.transaction(() => fn(db), options) }) as unknown as Db;
  connections.set(db, connection);
  return db;
}

export function connectionOf(db: Db): Connection {
  const connection = connections.get(db);
  if (!connection) throw new Error("not a database opened by db/client");
  return connection;
}

export function engineOf(db: Db): Engine {
  return connectionOf(db).engine;
}

/** Plain SQL with `?` placeholders, rows as objects: for bench, tests and tooling. */
export function queryRows(db: Db, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return connectionOf(db).query(sql, params);
}

/** Rows a `.run()` changed, on either engine. */
export function changedRows(result: unknown): number {
  return (result as { changes?: number }).changes ?? 0;
}

export async function migrateDb(db: Db): Promise<void> {
  await connectionOf(db).migrate();
}

export async function closeDb(db: Db): Promise<void> {
  await connectionOf(db).close();
}

/** Migrating costs tens of milliseconds a database; a test process migrates once and copies the result. */
let migratedSqliteImage: Promise<Buffer> | null = null;

/**
 * A migrated, empty database of its own, for tests: in-memory SQLite, or, when the test
 * run provides a PostgreSQL server (CLOUDSCOPE_TEST_DATABASE_URL), a new database cloned
 * from a migrated template.
 */
export async function openTestDb(): Promise<Db> {
  const url = await createTestPostgresDatabase();
  if (url) return openDb({ url });
  migratedSqliteImage ??= migrateSqliteImage();
  return wrap(new SqliteConnection(await migratedSqliteImage));
}

async function migrateSqliteImage(): Promise<Buffer> {
  const connection = new SqliteConnection(":memory:");
  try {
    await connection.migrate();
    return connection.native.serialize();
  } finally {
    await connection.close();
  }
}

/** Databases this process created on the test run's server, for dropTestPostgresDatabases. */
const createdTestDatabases: string[] = [];

/** A new database on the test run's PostgreSQL server, cloned from the migrated template; null without one. */
export async function createTestPostgresDatabase(): Promise<string | null> {
  const server = process.env.CLOUDSCOPE_TEST_DATABASE_URL;
  if (!server) return null;
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new PostgresConnection(server, { max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.CLOUDSCOPE_TEST_TEMPLATE ?? "cloudscope_template"}`);
    createdTestDatabases.push(name);
  } finally {
    await admin.close();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops the databases this process created (after a test file: a run makes hundreds, which
 * would fill the disk), closing any connection a test left open.
 */
export async function dropTestPostgresDatabases(): Promise<void> {
  const server = process.env.CLOUDSCOPE_TEST_DATABASE_URL;
  if (!server || createdTestDatabases.length === 0) return;
  const admin = new PostgresConnection(server, { max: 1 });
  try {
    for (const name of createdTestDatabases.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}
