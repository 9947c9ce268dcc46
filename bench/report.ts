export interface Figure {
  name: string;
  unit: "ms" | "req/s" | "MB/s";
  p50: number;
  p95: number;
  /** The same answer from the bare layer below (p50), measured in this run. */
  baseline: number | null;
  target: { text: string; met: (f: Figure) => boolean } | null;
}

/** How many times worse than its baseline: slower for ms, fewer for req/s. */
export function ratioOf(f: Figure): number | null {
  if (f.baseline === null || f.baseline === 0 || f.p50 === 0) return null;
  return f.unit === "ms" ? f.p50 / f.baseline : f.baseline / f.p50;
}

export function formatTable(figures: readonly Figure[], notes: readonly string[]): string {
  const header = ["figure", "p50", "p95", "baseline", "ratio", "target", ""];
  const rows = figures.map((f) => [
    f.name,
    formatValue(f.p50, f.unit),
    formatValue(f.p95, f.unit),
    f.baseline === null ? "—" : formatValue(f.baseline, f.unit),
    formatRatio(ratioOf(f)),
    f.target?.text ?? "—",
    f.target ? (f.target.met(f) ? "met" : "MISSED") : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    "ms figures: p50/p95 over the iterations; baseline is the bare query's p50; ratio = p50 / baseline.",
    "req/s figures: p50 and p95 both hold the req/s sustained over the run; baseline is GET /api/ping; ratio = baseline / figure.",
    "MB/s figures: p50 and p95 both hold the throughput; ratio = baseline / figure.",
    ...notes.map((n) => `note: ${n}`),
  ].join("\n");
}

export function formatJson(figures: readonly Figure[]): string {
  const round = (n: number | null) => (n === null ? null : Math.round(n * 1_000) / 1_000);
  return JSON.stringify(
    Object.fromEntries(figures.map((f) => [f.name, { p50: round(f.p50), p95: round(f.p95), baseline: round(f.baseline), ratio: round(ratioOf(f)) }])),
  );
}

function formatValue(n: number, unit: Figure["unit"]): string {
  return unit === "ms" ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms` : `${Math.round(n)} ${unit}`;
}

function formatRatio(r: number | null): string {
  return r === null ? "—" : `${r.toFixed(2)}×`;
}
