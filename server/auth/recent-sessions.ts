import type { Actor } from "@/server/services/lib/actor";
import { AUTH_COOKIE_PREFIX } from "./cookie-prefix";

export type SessionActor = Omit<Actor, "ip">;

export interface RecentSessionOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

const SESSION_COOKIE = new RegExp(`(?:^|;\\s*)(?:__Secure-)?${AUTH_COOKIE_PREFIX}\\.session_token=([^;]+)`);

/**
 * Remembers, per session cookie, who it belonged to for `ttlMs`, so a page's burst of
 * reads checks the session once instead of once per request. Reads only: mutations look
 * the session up afresh, so a disabled user or a changed role acts at once and reads
 * follow within `ttlMs`. Failures and requests without a session cookie are not kept.
 */
export function rememberRecentSessions(
  lookup: (headers: Headers) => Promise<SessionActor | null>,
  { ttlMs, maxEntries, now = () => performance.now() }: RecentSessionOptions,
): (headers: Headers) => Promise<SessionActor | null> {
  const recent = new Map<string, { at: number; actor: Promise<SessionActor | null> }>();
  return (headers) => {
    const token = SESSION_COOKIE.exec(headers.get("cookie") ?? "")?.[1];
    if (!token) return lookup(headers);
    const t = now();
    const hit = recent.get(token);
    if (hit && t - hit.at < ttlMs) return hit.actor;
    if (recent.size >= maxEntries) recent.clear();
    const actor = lookup(headers);
    recent.set(token, { at: t, actor });
    actor.catch(() => recent.delete(token));
    return actor;
  };
}
