import { generateId } from "better-auth";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiToken } from "@/db/schema";
import { computeTokenExpiry, MAX_TOKEN_DAYS, refuseNewToken } from "@/server/domain/api-token-rules";
import { ROLES } from "@/server/domain/vocabulary";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { generateTokenSecret, hashTokenSecret } from "./lib/token-hash";
import { recordAudit } from "./record-audit";

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token").max(60, "A token name has at most 60 characters"),
  scope: z.enum(ROLES),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type CreateApiTokenInput = z.output<typeof createApiTokenInput>;

/** A user makes a personal token; the secret is returned this once and only its hash is kept. */
export async function createApiToken({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: CreateApiTokenInput; now?: Date }) {
  // A token cannot mint tokens: a leaked one must not outlive its own expiry.
  if (actor.tokenName) throw new ServiceError("FORBIDDEN", "API tokens are made from a signed-in browser session");
  const refusal = refuseNewToken(actor.role, input.scope, input.expiresInDays);
  if (refusal) throw new ServiceError("BAD_REQUEST", refusal);
  const secret = generateTokenSecret();
  const row = { id: generateId(), userId: actor.id, name: input.name, tokenHash: hashTokenSecret(secret), scope: input.scope, createdAt: now, expiresAt: computeTokenExpiry(now, input.expiresInDays) };
  await db.transaction(async (tx) => {
    await tx.insert(apiToken).values(row).run();
    await recordAudit(tx, actor, { verb: "tokens.create", targetType: "api_token", targetId: row.id, summary: `created API token "${row.name}" (${row.scope}, until ${row.expiresAt.toISOString()})` }, now);
  });
  return { id: row.id, name: row.name, scope: row.scope, expiresAt: row.expiresAt, token: secret };
}
