import "server-only";
import { resolveDbPath } from "@/db/client";
import { getDb } from "@/server/db";
import type { Actor } from "@/server/services/actor";
import { loadAuthSecret } from "./auth-secret";
import { readClientIp, withClientIpHeader } from "./client-ip";
import { createAuth, readOidcConfig, type Auth } from "./create-auth";
import { readActor } from "./read-actor";
import { rememberRecentSessions } from "./recent-sessions";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";

const globalForAuth = globalThis as unknown as { cloudscopeAuth?: Auth; cloudscopeSignInThrottle?: SignInThrottle };

/** The web process's one better-auth instance, over the same connection as everything else. */
export function getAuth(): Auth {
  globalForAuth.cloudscopeAuth ??= createAuth({
    db: getDb(),
    secret: loadAuthSecret(resolveDbPath()),
    baseURL: process.env.BETTER_AUTH_URL || undefined,
    oidc: readOidcConfig(),
  });
  return globalForAuth.cloudscopeAuth;
}

/** The signed-in actor behind a request's headers, or null; looked up afresh (mutations). */
export function getActor(headers: Headers): Promise<Actor | null> {
  return readActor(getAuth(), headers);
}

/** Reads see a role change or a disabled user within this long. */
const READ_SESSION_TTL_MS = 1_000;

const readRecentSession = rememberRecentSessions(
  async (headers) => {
    const actor = await readActor(getAuth(), headers);
    return actor && { id: actor.id, name: actor.name, role: actor.role };
  },
  { ttlMs: READ_SESSION_TTL_MS, maxEntries: 10_000 },
);

/** The actor for a read (GET, page render): the session is checked at most once a second per cookie. */
export async function getActorForRead(headers: Headers): Promise<Actor | null> {
  const actor = await readRecentSession(headers);
  return actor && { ...actor, ip: readClientIp(headers) };
}

/**
 * Serves /api/auth/*: stamps the resolved client address for better-auth's per-IP limit and
 * puts the progressive delay on failed sign-ins (per username and address) in front. Without BETTER_AUTH_URL,
 * better-auth takes the console's origin from the request URL, which Next builds as
 * http://localhost:<port> whatever address the browser used; rebuilding it from the Host
 * header makes "same origin" mean the address in use.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const host = request.headers.get("host");
  if (!process.env.BETTER_AUTH_URL && host) url.host = host;
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  const forward = new Request(url, { method: request.method, headers: withClientIpHeader(request.headers), body });
  globalForAuth.cloudscopeSignInThrottle ??= createSignInThrottle({ db: getDb() });
  return globalForAuth.cloudscopeSignInThrottle.guard(forward, (r) => getAuth().handler(r));
}
