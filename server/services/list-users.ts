import { asc, eq, inArray, max, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { account, session, signInThrottle, user } from "@/db/schema";
import { buildThrottleKeys, countRunFailures } from "@/server/domain/sign-in-delay";

/**
 * Everyone who can sign in, with when each was last active (their newest session), their recent
 * failed sign-ins, and whether single sign-on sets their role (`ssoManaged`, as isSsoManaged decides).
 */
export async function listUsers({ db, now = Date.now() }: { db: Db; now?: number }) {
  const lastSeen = db
    .select({ userId: session.userId, at: max(session.updatedAt).as("last_seen_at") })
    .from(session)
    .groupBy(session.userId)
    .as("last_seen");
  const rows = await db
    .select({
      id: user.id,
      username: user.username,
      name: user.name,
      role: user.role,
      disabled: user.disabled,
      createdAt: user.createdAt,
      lastSeenAt: lastSeen.at,
    })
    .from(user)
    .leftJoin(lastSeen, eq(lastSeen.userId, user.id))
    // Accounts without a username (OIDC) first on both engines (PostgreSQL would put them last); the id makes the order total.
    .orderBy(sql`${user.username} asc nulls first`, asc(user.name), asc(user.id))
    .all();
  const keyOf = (username: string | null) => (username ? buildThrottleKeys(username, null).user : null);
  const keys = rows.map((row) => keyOf(row.username)).filter((k): k is string => k !== null);
  const throttles = keys.length === 0 ? [] : await db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys)).all();
  const byKey = new Map(throttles.map((t) => [t.key, t]));
  const viaProvider = await db.selectDistinct({ userId: account.userId }).from(account).where(ne(account.providerId, "credential")).all();
  const ssoManaged = new Set(viaProvider.map((a) => a.userId));
  return rows.map((row) => ({
    ...row,
    lastSeenAt: row.lastSeenAt === null ? null : new Date(row.lastSeenAt),
    failedSignIns: countRunFailures(byKey.get(keyOf(row.username) ?? ""), now),
    ssoManaged: ssoManaged.has(row.id),
  }));
}
