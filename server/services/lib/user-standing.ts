import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { account, user } from "@/db/schema";
import type { UserStanding } from "@/server/domain/user-admin-rules";

type Reader = Pick<Db, "select">;

/** A user's role and state, named as the audit log shows them. */
export async function getUserStanding(db: Reader, userId: string): Promise<(UserStanding & { name: string }) | null> {
  const row = await db.select({ id: user.id, username: user.username, name: user.name, role: user.role, disabled: user.disabled }).from(user).where(eq(user.id, userId)).get();
  return row ? { id: row.id, role: row.role, disabled: row.disabled, name: row.username ?? row.name } : null;
}

export async function countActiveAdmins(db: Reader): Promise<number> {
  return (await db.select({ n: count() }).from(user).where(and(eq(user.role, "admin"), eq(user.disabled, false))).get())?.n ?? 0;
}

/** Whether the user signs in through a provider (any account but a password), so their groups set the role. */
export async function isSsoManaged(db: Reader, userId: string): Promise<boolean> {
  return (await db.select({ id: account.id }).from(account).where(and(eq(account.userId, userId), ne(account.providerId, "credential"))).get()) !== undefined;
}
