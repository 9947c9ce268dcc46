import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { signInThrottle, user } from "@/db/schema";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export const unlockSignInInput = z.object({ userId: z.string().min(1).max(100) });
export type UnlockSignInInput = z.output<typeof unlockSignInInput>;

/** An admin clears a user's failed sign-ins (from every address), so their next attempt waits for nothing. */
export async function unlockSignIn({ db, actor, input }: { db: Db; actor: Actor; input: UnlockSignInInput }) {
  const now = new Date();
  return db.transaction(async (tx) => {
    const target = await tx.select({ id: user.id, username: user.username }).from(user).where(eq(user.id, input.userId)).get();
    if (!target) throw new ServiceError("NOT_FOUND", "That user does not exist");
    if (target.username) await tx.update(signInThrottle).set({ failures: 0 }).where(and(eq(signInThrottle.username, target.username), gt(signInThrottle.failures, 0))).run();
    await recordAudit(tx, actor, { verb: "users.unlockSignIn", targetType: "user", targetId: target.id, summary: `cleared failed sign-ins of ${target.username ?? target.id}` }, now);
    return { id: target.id };
  });
}
