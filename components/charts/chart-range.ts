import type { ChartRange } from "@/server/services/lib/chart-range";

export const CHART_RANGE_LABELS: Record<ChartRange, string> = { "1h": "1 hour", "24h": "24 hours", "7d": "7 days", "30d": "30 days" };
export const DEFAULT_CHART_RANGE: ChartRange = "1h";

export function parseChartRange(value: string | null | undefined): ChartRange {
  return value !== null && value !== undefined && value in CHART_RANGE_LABELS ? (value as ChartRange) : DEFAULT_CHART_RANGE;
}

/** Ranges longer than a day label their ticks with the date too. */
export function isMultiDay(range: ChartRange): boolean {
  return range === "7d" || range === "30d";
}
