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

const globalForRate = globalThis as unknown as { cloudscopeTokenRate?: ReturnType<typeof createTokenRateLimit> };

/**
 * The web process's one count, shared by the tRPC and REST endpoints so a token's calls add up
 * wherever they go: a 429 with Retry-After when over the limit, else null.
 */
export function refuseTokenOverRate(headers: Headers): Response | null {
  const authorization = headers.get("authorization");
  if (authorization === null) return null;
  globalForRate.cloudscopeTokenRate ??= createTokenRateLimit();
  const retryAfter = globalForRate.cloudscopeTokenRate(authorization);
  if (retryAfter === null) return null;
  return Response.json({ error: { message: "Too many calls with this token" } }, { status: 429, headers: { "retry-after": String(retryAfter) } });
}
