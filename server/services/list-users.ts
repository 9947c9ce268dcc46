import { asc, eq, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { session, user } from "@/db/schema";

/** Everyone who can sign in, with when each was last active (their newest session). */
export function listUsers({ db }: { db: Db }) {
  const lastSeen = db
    .select({ userId: session.userId, at: max(session.updatedAt).as("last_seen_at") })
    .from(session)
    .groupBy(session.userId)
    .as("last_seen");
  return db
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
    .orderBy(asc(user.username), asc(user.name))
    .all()
    .map((row) => ({ ...row, lastSeenAt: row.lastSeenAt === null ? null : new Date(row.lastSeenAt) }));
}
