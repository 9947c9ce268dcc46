import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { ROLES } from "../server/domain/vocabulary";

/**
 * The tables better-auth reads and writes (server/auth), in its field names (the
 * TypeScript keys) over snake_case columns. `user.role` and `user.disabled` are ours.
 */
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const user = sqliteTable("user", {
  id: text("id").primaryKey(),
  /** Display name; the sign-in name is `username`. */
  name: text("name").notNull(),
  /** better-auth requires one: local accounts get `<username>@users.cloudscope.invalid`. */
  email: text("email").notNull().unique(),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  /** Lower-case, unique; null only for an OIDC account without a preferred username. */
  username: text("username").unique(),
  displayUsername: text("display_username"),
  role: text("role", { enum: ROLES }).notNull().default("shifter"),
  /** A disabled user cannot sign in and their sessions are gone. */
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  /** Made on the host by `npm run create-admin`: may use a password when local sign-in is off. */
  breakGlass: integer("break_glass", { mode: "boolean" }).notNull().default(false),
  createdAt: timestamp("created_at").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});

export const session = sqliteTable(
  "session",
  {
    id: text("id").primaryKey(),
    /** Random; the signed cookie carries it. */
    token: text("token").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

/** How a user signs in: provider "credential" holds the library's password hash; OIDC logins add their own. */
export const account = sqliteTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at"),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("account_user_idx").on(t.userId)],
);

/** Short-lived tokens (OAuth state and the like). */
export const verification = sqliteTable(
  "verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("verification_identifier_idx").on(t.identifier)],
);

/**
 * Ours: the progressive sign-in delay (server/auth/sign-in-throttle.ts), one row per username
 * (`user:`), client address (`addr:`) and username at an address (`pair:`), shared by every web process.
 */
export const signInThrottle = sqliteTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  /** Set on `user:` and `pair:` rows, so an admin's unlock finds them. */
  username: text("username"),
  /** Failed attempts in the current run; a run ends after a quiet spell (SIGN_IN_RUN_MS). */
  failures: integer("failures").notNull().default(0),
  lastFailureAt: integer("last_failure_at").notNull().default(0),
  /** On a `pair:` row: the user last signed in from this address then (a known address). */
  lastSuccessAt: integer("last_success_at"),
});

/** Sign-in attempts per client IP and path, so the limit holds across restarts. */
export const rateLimit = sqliteTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: integer("last_request").notNull(),
});
