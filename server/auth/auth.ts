import "server-only";
import { resolveDbPath } from "@/db/client";
import { readEnv } from "@/server/config/env";
import { getDb } from "@/server/db";
import { withCappedBody, type StreamingRequestInit } from "@/server/http/read-capped-body";
import type { Actor } from "@/server/services/lib/actor";
import { auditSsoRefusals } from "./audit-sso-refusals";
import { loadAuthSecret } from "./auth-secret";
import { readClientIp, withClientIpHeader } from "./client-ip";
import { createAuth, readOidcConfig, type Auth } from "./create-auth";
import { readActor } from "./read-actor";
import { rememberRecentSessions } from "./recent-sessions";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";

const globalForAuth = globalThis as unknown as { cloudscopeAuth?: Auth; cloudscopeSignInThrottle?: SignInThrottle };

/** The web process's one better-auth instance, over the same connection as everything else. */
export function getAuth(): Auth {
  const env = readEnv();
  globalForAuth.cloudscopeAuth ??= createAuth({
    db: getDb(),
    secret: loadAuthSecret(resolveDbPath()),
    baseURL: env.BETTER_AUTH_URL,
    oidc: readOidcConfig(env),
    localLogin: env.CLOUDSCOPE_LOCAL_LOGIN,
  });
  return globalForAuth.cloudscopeAuth;
}

/** The signed-in actor behind a request's headers, or null; looked up afresh (mutations). */
export function getActor(headers: Headers): Promise<Actor | null> {
  return readActor(getAuth(), getDb(), headers);
}

/** Reads see a role change or a disabled user within this long. */
const READ_SESSION_TTL_MS = 1_000;

const readRecentSession = rememberRecentSessions(
  async (headers) => {
    const actor = await readActor(getAuth(), getDb(), headers);
    return actor && { id: actor.id, name: actor.name, role: actor.role };
  },
  { ttlMs: READ_SESSION_TTL_MS, maxEntries: 10_000 },
);

/** The actor for a read (GET, page render): the session is checked at most once a second per cookie; a token at every call. */
export async function getActorForRead(headers: Headers): Promise<Actor | null> {
  if (headers.has("authorization")) return getActor(headers);
  const actor = await readRecentSession(headers);
  return actor && { ...actor, ip: readClientIp(headers) };
}

/** Sign-in, sign-up and sign-out bodies are a few hundred bytes; anyone may post here. */
export const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Serves /api/auth/*: stamps the resolved client address for better-auth's per-IP limit and
 * puts the progressive delay on failed sign-ins (per username and address) in front. Without BETTER_AUTH_URL,
 * better-auth takes the console's origin from the request URL, which Next builds as
 * http://localhost:<port> whatever address the browser used; rebuilding it from the Host
 * header makes "same origin" mean the address in use. Bodies over AUTH_BODY_LIMIT_BYTES get 413.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const host = request.headers.get("host");
  if (!readEnv().BETTER_AUTH_URL && host) url.host = host;
  const init: StreamingRequestInit = { method: request.method, headers: withClientIpHeader(request.headers), body: request.body, duplex: "half" };
  const forward = new Request(url, init);
  return withCappedBody(forward, AUTH_BODY_LIMIT_BYTES, (capped) => {
    globalForAuth.cloudscopeSignInThrottle ??= createSignInThrottle({ db: getDb() });
    return globalForAuth.cloudscopeSignInThrottle.guard(capped, auditSsoRefusals(getDb(), (r) => getAuth().handler(r)));
  });
}
