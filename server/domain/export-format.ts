/** Exports of the console's tables: CSV and JSON rendering and file names (pure). */

export const EXPORT_VIEWS = ["vms", "actions", "audit"] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];
export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

type Cell = string | number | boolean | Date | null | undefined;

function formatCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // A spreadsheet runs a cell that starts with = + - @ as a formula; a quote keeps it text.
  const safe = typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record (RFC 4180), ended by CRLF. */
export function formatCsvLine(values: readonly Cell[]): string {
  return `${values.map(formatCell).join(",")}\r\n`;
}

/**
 * The pieces of a JSON array written row by row: the opening, each row (with the comma
 * that separates it from the one before), and the close.
 */
export function formatJsonRow(row: Record<string, Cell>, first: boolean): string {
  return `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
}
export const JSON_OPEN = "[";
export function formatJsonClose(empty: boolean): string {
  return empty ? "]\n" : "\n]\n";
}

/**
 * "cloudscope-vms-state-running-q-pilot-20261203T1200Z.csv": the view, the filter that made
 * it (so two exports of one day tell themselves apart) and when, in characters every file system takes.
 */
export function buildExportFileName(view: ExportView, filter: ReadonlyArray<readonly [string, string]>, format: ExportFormat, at: Date): string {
  const parts = filter.flatMap(([key, value]) => [key, value]).map((part) => part.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, ""));
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, "");
  const name = ["cloudscope", view, ...parts.filter((p) => p !== ""), `${stamp}Z`].join("-");
  return `${name.slice(0, 180)}.${format}`;
}
