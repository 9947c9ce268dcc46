import type { Db } from "@/db/client";
import { readBearerToken } from "@/server/domain/api-token-rules";
import { ROLES, type Role } from "@/server/domain/vocabulary";
import type { Actor } from "@/server/services/lib/actor";
import { resolveApiToken } from "@/server/services/resolve-api-token";
import { readClientIp } from "./client-ip";
import type { Auth } from "./create-auth";

function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Who sent these headers, or null (anonymous, expired, revoked, disabled, malformed). An
 * Authorization header decides alone: a request carrying one is never taken as the
 * session its cookies may also hold, so a bad token cannot fall back to a browser session.
 */
export async function readActor(auth: Auth, db: Db, headers: Headers): Promise<Actor | null> {
  const bearer = readBearerToken(headers.get("authorization"));
  if (bearer === "malformed") return null;
  if (bearer !== null) return resolveApiToken({ db, secret: bearer, ip: readClientIp(headers) });
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const { user } = found;
  if (user.disabled || !isRole(user.role)) return null;
  return { id: user.id, name: user.username ?? user.name, role: user.role, ip: readClientIp(headers) };
}
