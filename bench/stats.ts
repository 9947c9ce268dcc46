export interface Percentiles {
  p50: number;
  p95: number;
}

/** Nearest-rank percentiles, so a figure is always one of the measured samples. */
export function summarize(samples: readonly number[]): Percentiles {
  if (samples.length === 0) throw new Error("no samples to summarize");
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Runs `fn` `warmup` times unmeasured (JIT, statement cache, page cache), then times each of `iterations` runs in ms. */
export async function timeRuns(fn: () => unknown, { iterations, warmup = Math.ceil(iterations / 10) }: { iterations: number; warmup?: number }): Promise<Percentiles> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}
