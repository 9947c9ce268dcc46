import type { Role } from "@/server/domain/vocabulary";

/** What the rules need to know about the user being changed. */
export interface UserStanding {
  id: string;
  role: Role;
  disabled: boolean;
  /** Signs in through the provider, whose groups set the role at every sign-in. */
  ssoManaged?: boolean;
}

/** Why a change is refused: acting on oneself, or leaving the console without an active admin. */
export interface Refusal {
  kind: "self" | "last-admin" | "sso";
  message: string;
}

const LAST_ADMIN: Refusal = { kind: "last-admin", message: "This is the last active admin; make another user admin first" };

/**
 * Nobody changes their own role, and the console never loses its last active admin. An SSO
 * user's role is their groups' (a hand-set one would be undone silently at their next sign-in).
 */
export function refuseRoleChange(actorId: string, target: UserStanding, newRole: Role, activeAdmins: number): Refusal | null {
  if (target.id === actorId) return { kind: "self", message: "You cannot change your own role; ask another admin" };
  if (target.ssoManaged) return { kind: "sso", message: "This user's role follows their groups at the sign-in provider; change their groups there" };
  if (newRole !== "admin" && isLastActiveAdmin(target, activeAdmins)) return LAST_ADMIN;
  return null;
}

/** Nobody disables themselves or the last active admin; re-enabling is always allowed. */
export function refuseDisabledChange(actorId: string, target: UserStanding, disabled: boolean, activeAdmins: number): Refusal | null {
  if (!disabled) return null;
  if (target.id === actorId) return { kind: "self", message: "You cannot disable yourself" };
  if (isLastActiveAdmin(target, activeAdmins)) return LAST_ADMIN;
  return null;
}

function isLastActiveAdmin(target: UserStanding, activeAdmins: number): boolean {
  return target.role === "admin" && !target.disabled && activeAdmins <= 1;
}
