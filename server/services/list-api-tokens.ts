import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiToken, user } from "@/db/schema";
import type { Actor } from "./lib/actor";

export const listApiTokensInput = z.object({ everyone: z.boolean().default(false) }).default({ everyone: false });
export type ListApiTokensInput = z.output<typeof listApiTokensInput>;

/** The caller's tokens, or (admins only) everybody's; never the secret or its hash. */
export async function listApiTokens({ db, actor, input }: { db: Db; actor: Actor; input: ListApiTokensInput }) {
  const everyone = input.everyone && actor.role === "admin";
  const query = db
    .select({
      id: apiToken.id,
      name: apiToken.name,
      owner: user.username,
      ownerId: apiToken.userId,
      scope: apiToken.scope,
      createdAt: apiToken.createdAt,
      expiresAt: apiToken.expiresAt,
      lastUsedAt: apiToken.lastUsedAt,
      revokedAt: apiToken.revokedAt,
    })
    .from(apiToken)
    .innerJoin(user, eq(user.id, apiToken.userId));
  return (everyone ? query : query.where(eq(apiToken.userId, actor.id))).orderBy(desc(apiToken.createdAt), desc(apiToken.id)).all();
}
