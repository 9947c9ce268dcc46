import { APIError, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth, username, USERNAME_ERROR_CODES } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { account, rateLimit, session, user, verification } from "@/db/schema";
import type { Env } from "@/server/config/env";
import { decideRoleFromGroups, readGroupsClaim, type GroupRoleMap } from "@/server/domain/group-roles";
import { NO_MAPPED_GROUP } from "@/server/domain/sso-refusals";
import { ROLES, type Role } from "@/server/domain/vocabulary";
import { applySsoRole } from "@/server/services/apply-sso-role";
import { CLIENT_IP_HEADER } from "./client-ip";
import { AUTH_COOKIE_PREFIX } from "./cookie-prefix";

/** Sign-in attempts allowed per client IP per minute, in every environment. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

/** Session lifetime: a long shift, extended while the console is in use. */
const SESSION_SECONDS = 12 * 60 * 60;
const SESSION_REFRESH_SECONDS = 60 * 60;

export const OIDC_PROVIDER_ID = "oidc";

/** Endpoints the console has no use for: self sign-up, profile and e-mail changes, username probing. */
const DISABLED_PATHS = [
  "/sign-up/email",
  "/sign-in/email",
  "/update-user",
  "/change-email",
  "/delete-user",
  "/is-username-available",
  "/request-password-reset",
  "/reset-password",
  "/send-verification-email",
  "/verify-email",
];

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim listing the user's groups (`groups`, `cern_roles`, …). */
  groupsClaim: string;
  groupRoles: GroupRoleMap;
}

type OidcEnv = Pick<Env, "CLOUDSCOPE_OIDC_ISSUER" | "CLOUDSCOPE_OIDC_CLIENT_ID" | "CLOUDSCOPE_OIDC_CLIENT_SECRET" | "CLOUDSCOPE_OIDC_GROUPS_CLAIM" | "CLOUDSCOPE_OIDC_GROUP_ROLES">;

/** CERN SSO or any OIDC provider, when configured (readEnv insists on all of it or none). */
export function readOidcConfig(env: OidcEnv): OidcConfig | null {
  const { CLOUDSCOPE_OIDC_ISSUER: issuer, CLOUDSCOPE_OIDC_CLIENT_ID: clientId, CLOUDSCOPE_OIDC_CLIENT_SECRET: clientSecret, CLOUDSCOPE_OIDC_GROUP_ROLES: groupRoles } = env;
  if (!issuer || !clientId || !clientSecret || !groupRoles) return null;
  return { issuer: issuer.replace(/\/+$/, ""), clientId, clientSecret, groupsClaim: env.CLOUDSCOPE_OIDC_GROUPS_CLAIM, groupRoles };
}

export interface CreateAuthOptions {
  db: Db;
  secret: string;
  /** The console's public URL (BETTER_AUTH_URL); unset, it is taken from each request. */
  baseURL?: string;
  oidc?: OidcConfig | null;
  /** false (CLOUDSCOPE_LOCAL_LOGIN): only break-glass accounts may sign in with a password. */
  localLogin?: boolean;
}

/** Where a refused single sign-on lands: the sign-in page, which explains the `error` code. */
export const SSO_ERROR_PATH = "/login";

/** The better-auth instance over our database: username + password, database sessions, rate-limited sign-in. */
export function createAuth({ db, secret, baseURL, oidc = null, localLogin = true }: CreateAuthOptions) {
  const secure = baseURL?.startsWith("https://") ?? false;
  // The role the groups grant, from the check of the provider's profile to the session it opens (same request context).
  const ssoRoles = new WeakMap<object, Role>();
  return betterAuth({
    appName: "cloudscope",
    baseURL,
    secret,
    trustedOrigins: baseURL ? [new URL(baseURL).origin] : [],
    // Our queries render as SQLite SQL on both engines, so "sqlite" is right on PostgreSQL too.
    // transaction: false (its default, pinned): better-auth's steps run one statement at a time
    // and never inside db.transaction, whose body may be re-run on PostgreSQL.
    database: drizzleAdapter(db, { provider: "sqlite", transaction: false, schema: { user, session, account, verification, rateLimit } }),
    // Accounts are made by admins (users.create) or by the one-time create-admin command.
    emailAndPassword: { enabled: true, disableSignUp: true },
    disabledPaths: DISABLED_PATHS,
    user: {
      additionalFields: {
        role: { type: [...ROLES], required: false, defaultValue: "shifter", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
        breakGlass: { type: "boolean", required: false, defaultValue: false, input: false },
      },
      // Every SSO sign-in, first or not: no mapped group, no entry (the callback redirects to SSO_ERROR_PATH).
      validateUserInfo: ({ user: profileUser, source }, ctx) => {
        if (!oidc || source.method !== "oauth" || source.oauth?.providerId !== OIDC_PROVIDER_ID) return;
        const role = decideRoleFromGroups(readGroupsClaim(source.oauth.profile?.[oidc.groupsClaim]), oidc.groupRoles);
        if (role) {
          ssoRoles.set(ctx, role);
          return;
        }
        const who = typeof profileUser.email === "string" ? profileUser.email : "this account";
        return { error: NO_MAPPED_GROUP, errorDescription: `${who} is in none of the groups mapped to a role` };
      },
    },
    onAPIError: { errorURL: SSO_ERROR_PATH },
    session: { expiresIn: SESSION_SECONDS, updateAge: SESSION_REFRESH_SECONDS },
    rateLimit: {
      enabled: true,
      storage: "database",
      customRules: { "/sign-in/*": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE } },
    },
    advanced: {
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
      // Set by handleAuthRequest from readClientIp, so the limit and the audit log agree on the address.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      // Explicit, so the origin/CSRF checks also run under test (better-auth skips them there by default).
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    databaseHooks: {
      session: {
        create: {
          // Covers every way in (password and OIDC): a disabled user gets no session. To a
          // password it answers as to a wrong one, so the answer does not tell a guesser the password was right.
          // With local sign-in off, a right password of a non-break-glass account answers as a wrong one too.
          before: async (s, ctx) => {
            const row = await db.select({ disabled: user.disabled, breakGlass: user.breakGlass }).from(user).where(eq(user.id, s.userId)).get();
            const byPassword = ctx?.path === "/sign-in/username";
            if (row && !row.disabled && (!byPassword || localLogin || row.breakGlass)) {
              const ssoRole = ctx ? ssoRoles.get(ctx) : undefined;
              if (ssoRole) await applySsoRole({ db, userId: s.userId, role: ssoRole, ip: s.ipAddress ?? null });
              return;
            }
            if (byPassword) throw APIError.from("UNAUTHORIZED", USERNAME_ERROR_CODES.INVALID_USERNAME_OR_PASSWORD);
            throw new APIError("FORBIDDEN", { message: "This account is disabled" });
          },
        },
      },
    },
    telemetry: { enabled: false },
    plugins: [
      username({ immutableUsername: true, displayUsername: false }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ["openid", "profile", "email"],
                  pkce: true,
                  // Discovery without keys (or a provider down at start) leaves SSO off instead of trusting unverified tokens.
                  requireIdTokenVerification: true,
                  // Name and e-mail follow the provider at every sign-in, as the role does.
                  overrideUserInfo: true,
                },
              ],
            }),
          ]
        : []),
      // Last, as better-auth asks: lets server code set cookies through next/headers.
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
