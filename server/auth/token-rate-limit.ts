import { createHash } from "node:crypto";

/** Calls one API token may make per minute per web process; a pipeline polling every second stays well within. */
export const TOKEN_CALLS_PER_MINUTE = 300;

export interface TokenRateLimitOptions {
  limit?: number;
  windowMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * A fixed-window count per Authorization header (kept as a hash). Returns how many seconds to
 * wait when over the limit, else null. Unknown tokens are counted too, so guessing is slowed alike.
 */
export function createTokenRateLimit({ limit = TOKEN_CALLS_PER_MINUTE, windowMs = 60_000, maxEntries = 10_000, now = Date.now }: TokenRateLimitOptions = {}) {
  const windows = new Map<string, { start: number; count: number }>();
  return (authorization: string): number | null => {
    const key = createHash("sha256").update(authorization).digest("hex");
    const t = now();
    let window = windows.get(key);
    if (!window || t - window.start >= windowMs) {
      if (windows.size >= maxEntries) windows.clear();
      window = { start: t, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? Math.ceil((window.start + windowMs - t) / 1000) : null;
  };
}
