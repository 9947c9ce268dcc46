import { asc, eq, max, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { session, user } from "@/db/schema";

/** Everyone who can sign in, with when each was last active (their newest session). */
export async function listUsers({ db }: { db: Db }) {
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
  return rows.map((row) => ({ ...row, lastSeenAt: row.lastSeenAt === null ? null : new Date(row.lastSeenAt) }));
}
