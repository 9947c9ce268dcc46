import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiToken } from "@/db/schema";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export const revokeApiTokenInput = z.object({ id: z.string().min(1).max(100) });
export type RevokeApiTokenInput = z.output<typeof revokeApiTokenInput>;

/** Ends a token at once: its owner may revoke it, and so may any admin. */
export async function revokeApiToken({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: RevokeApiTokenInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const token = await tx.select().from(apiToken).where(eq(apiToken.id, input.id)).get();
    // Someone else's token answers as a missing one, so ids cannot be probed.
    if (!token || (token.userId !== actor.id && actor.role !== "admin")) throw new ServiceError("NOT_FOUND", "That token does not exist");
    if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
    await tx.update(apiToken).set({ revokedAt: now }).where(and(eq(apiToken.id, token.id), isNull(apiToken.revokedAt))).run();
    await recordAudit(tx, actor, { verb: "tokens.revoke", targetType: "api_token", targetId: token.id, summary: `revoked API token "${token.name}"` }, now);
    return { id: token.id, revokedAt: now };
  });
}
