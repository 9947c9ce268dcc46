import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { ROLES } from "../server/domain/vocabulary";
import { user } from "./auth-schema";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * Personal API tokens (Authorization: Bearer). Only a SHA-256 of the secret is kept; the
 * token acts as its owner with at most `scope` (never above the owner's current role).
 */
export const apiToken = sqliteTable(
  "api_token",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    scope: text("scope", { enum: ROLES }).notNull(),
    createdAt: timestamp("created_at").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    lastUsedAt: timestamp("last_used_at"),
    /** When a read with this token was last written to the audit log (recordTokenRead: once an hour). */
    readAuditedAt: timestamp("read_audited_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [index("api_token_user_idx").on(t.userId)],
);
