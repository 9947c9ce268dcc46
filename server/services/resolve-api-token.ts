import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiToken, user } from "@/db/schema";
import { decideTokenRole } from "@/server/domain/api-token-rules";
import type { Actor } from "./lib/actor";
import { hashTokenSecret } from "./lib/token-hash";

/**
 * The actor a well-formed token secret acts as, or null when it is unknown, revoked, expired
 * or its owner is disabled (all alike to the caller). Notes the use for the settings page.
 */
export async function resolveApiToken({ db, secret, ip, now = new Date() }: { db: Db; secret: string; ip: string | null; now?: Date }): Promise<Actor | null> {
  const row = await db
    .select({ id: apiToken.id, name: apiToken.name, scope: apiToken.scope, expiresAt: apiToken.expiresAt, revokedAt: apiToken.revokedAt, userId: user.id, username: user.username, userName: user.name, ownerRole: user.role, ownerDisabled: user.disabled })
    .from(apiToken)
    .innerJoin(user, eq(user.id, apiToken.userId))
    .where(eq(apiToken.tokenHash, hashTokenSecret(secret)))
    .get();
  if (!row) return null;
  const role = decideTokenRole(row, now);
  if (!role) return null;
  await db.update(apiToken).set({ lastUsedAt: now }).where(eq(apiToken.id, row.id)).run();
  return { id: row.userId, name: row.username ?? row.userName, role, ip, tokenName: row.name, tokenId: row.id };
}
