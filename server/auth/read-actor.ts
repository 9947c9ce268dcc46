import { ROLES, type Role } from "@/server/domain/vocabulary";
import type { Actor } from "@/server/services/lib/actor";
import { readClientIp } from "./client-ip";
import type { Auth } from "./create-auth";

function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Who sent these headers: the session cookie's user, or null (anonymous, expired, disabled). */
export async function readActor(auth: Auth, headers: Headers): Promise<Actor | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const { user } = found;
  if (user.disabled || !isRole(user.role)) return null;
  return { id: user.id, name: user.username ?? user.name, role: user.role, ip: readClientIp(headers) };
}
