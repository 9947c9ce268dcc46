import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

const preparedByDb = new WeakMap<Db, Map<unknown, unknown>>();

/**
 * Runs `build` once per database and returns its result from then on: for the small
 * statements of a poll, building their SQL costs more than running them (the engines keep
 * the prepared statements by SQL text). A statement's awaited `.get/.all/.run/.values`
 * joins whatever `db.transaction` is open in the caller's async context.
 */
export function prepareOnce<T>(db: Db, build: (db: Db) => T): T {
  let byBuild = preparedByDb.get(db);
  if (!byBuild) preparedByDb.set(db, (byBuild = new Map()));
  if (!byBuild.has(build)) byBuild.set(build, build(db));
  return byBuild.get(build) as T;
}

/**
 * A placeholder for an UPDATE's SET, bound exactly as given: pass driver values (see
 * `encodeFor`). drizzle's typed placeholders would run each value through the column's
 * encoder, which for a timestamp column fails on null.
 */
export function rawPlaceholder(name: string): SQL {
  return sql`${sql.placeholder(name)}`;
}

/** `value` as `column` stores it (a Date as epoch ms for timestamp_ms), null as null. */
export function encodeFor(column: AnyColumn, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapToDriverValue(value);
}

/** The value an upsert tried to insert into `column` (standard ON CONFLICT … DO UPDATE). */
export function excluded(column: AnyColumn): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}

type DecodedRow<C extends Record<string, AnyColumn>> = {
  [K in keyof C]: C[K]["_"]["notNull"] extends true ? C[K]["_"]["data"] : C[K]["_"]["data"] | null;
};

/**
 * The raw rows of a prepared select of `columns` (its awaited `.values()`, arrays on both
 * engines) as objects. For wide
 * scans this costs well under drizzle's general row mapping, which handles joins and
 * nesting that a flat select of columns does not need.
 */
export function decodeRows<C extends Record<string, AnyColumn>>(columns: C, rows: readonly unknown[][]): Array<DecodedRow<C>> {
  const fields = Object.entries(columns);
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const [key, column] = fields[i]!;
      const value = values[i];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as DecodedRow<C>;
  });
}
