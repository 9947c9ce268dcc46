import { ROLES, type Role } from "./vocabulary";

/** Longest life a token may be given; a pipeline renews it. */
export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every token starts with this, so a leaked one is easy to recognise (and to grep for). */
export const TOKEN_PREFIX = "cst_";
/** The secret after the prefix: 32 random bytes as base64url. */
const TOKEN_PATTERN = /^cst_[A-Za-z0-9_-]{43}$/;

function rank(role: Role): number {
  return ROLES.indexOf(role);
}

/** The token from an Authorization header: null when absent, "malformed" when present but not ours. */
export function readBearerToken(authorization: string | null): string | null | "malformed" {
  if (authorization === null) return null;
  const secret = /^Bearer ([^\s]+)$/.exec(authorization.trim())?.[1];
  return secret && TOKEN_PATTERN.test(secret) ? secret : "malformed";
}

/** Why a new token cannot be made, or null: scope above the owner's role, or an expiry out of range. */
export function refuseNewToken(ownerRole: Role, scope: Role, expiresInDays: number): string | null {
  if (rank(scope) > rank(ownerRole)) return `A token's scope cannot exceed your role (${ownerRole})`;
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) return `A token lives 1 to ${MAX_TOKEN_DAYS} days`;
  return null;
}

export function computeTokenExpiry(now: Date, expiresInDays: number): Date {
  return new Date(now.getTime() + expiresInDays * DAY_MS);
}

export interface TokenStanding {
  scope: Role;
  expiresAt: Date;
  revokedAt: Date | null;
  ownerRole: Role;
  ownerDisabled: boolean;
}

/**
 * The role a token call acts with: the lower of its scope and its owner's role today (a demoted
 * owner's tokens shrink with them), or null when it must not work at all.
 */
export function decideTokenRole(token: TokenStanding, now: Date): Role | null {
  if (token.revokedAt || token.ownerDisabled || token.expiresAt.getTime() <= now.getTime()) return null;
  return rank(token.scope) <= rank(token.ownerRole) ? token.scope : token.ownerRole;
}
