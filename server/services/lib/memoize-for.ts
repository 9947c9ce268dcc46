/**
 * Wraps `compute` so that callers share one computation at a time and reuse its result
 * until `ttlMs` after it started. The shared result is frozen, so no caller can change
 * what the others see (and a frozen result may be serialized once for all of them).
 * A failure is not kept: the next call tries again.
 */
export function memoizeFor<T>(ttlMs: number, compute: () => Promise<T>, now: () => number = () => performance.now()): () => Promise<T> {
  let latest: { startedAt: number; settled: boolean; value: Promise<T> } | null = null;
  return () => {
    const t = now();
    if (latest && (!latest.settled || t - latest.startedAt < ttlMs)) return latest.value;
    const entry = { startedAt: t, settled: false, value: compute().then(freezeDeep) };
    latest = entry;
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (latest === entry) latest = null;
      },
    );
    return entry.value;
  };
}

/** Freezes plain objects and arrays all the way down; returns `value`. */
export function freezeDeep<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
    for (const child of Object.values(value)) freezeDeep(child);
  }
  return Object.freeze(value);
}
