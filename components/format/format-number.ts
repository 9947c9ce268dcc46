const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Averaged counts (long chart buckets) keep one decimal. */
export function formatAverage(n: number): string {
  return oneDecimal.format(n);
}

export function formatLatency(ms: number | null): string {
  return ms === null ? "–" : `${integer.format(ms)} ms`;
}

export function formatMb(mb: number): string {
  return mb >= 1024 ? `${oneDecimal.format(mb / 1024)} GB` : `${integer.format(mb)} MB`;
}

export function formatBytes(bytes: number | null): string {
  return bytes === null ? "–" : formatMb(bytes / 1024 / 1024);
}
