export interface DiffRow {
  key: string;
  before: string;
  after: string;
  changed: boolean;
}

const ABSENT = "–";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as one readable line: strings bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * Before and after side by side, one row per top-level field, changed fields first in
 * their original order. Values that are not objects compare as a single "value" row.
 */
export function diffValues(before: unknown, after: unknown): DiffRow[] {
  if (!isRecord(before) && !isRecord(after)) {
    if ((before === null || before === undefined) && (after === null || after === undefined)) return [];
    const b = formatValue(before);
    const a = formatValue(after);
    return [{ key: "value", before: b, after: a, changed: b !== a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const rows = keys.map((key) => {
    const bv = Object.hasOwn(b, key) ? formatValue(b[key]) : ABSENT;
    const av = Object.hasOwn(a, key) ? formatValue(a[key]) : ABSENT;
    return { key, before: bv, after: av, changed: bv !== av };
  });
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

/** "2 fields changed" for the collapsed row. */
export function describeDiff(rows: DiffRow[]): string {
  const changed = rows.filter((r) => r.changed).length;
  if (rows.length === 0) return "no details";
  if (changed === 0) return "no change";
  return `${changed} ${changed === 1 ? "field" : "fields"} changed`;
}
