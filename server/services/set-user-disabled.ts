import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { session, user } from "@/db/schema";
import { refuseDisabledChange } from "@/server/domain/user-admin-rules";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";
import { countActiveAdmins, getUserStanding } from "./lib/user-standing";

export const setUserDisabledInput = z.object({
  userId: z.string().min(1).max(100),
  disabled: z.boolean(),
});
export type SetUserDisabledInput = z.output<typeof setUserDisabledInput>;

/** An admin disables (or re-enables) someone; disabling ends their sessions at once. */
export async function setUserDisabled({ db, actor, input }: { db: Db; actor: Actor; input: SetUserDisabledInput }) {
  const now = new Date();
  return db.transaction(async (tx) => {
    const target = await getUserStanding(tx, input.userId);
    if (!target) throw new ServiceError("NOT_FOUND", "That user does not exist");
    const refusal = refuseDisabledChange(actor.id, target, input.disabled, await countActiveAdmins(tx));
    if (refusal) throw new ServiceError(refusal.kind === "self" ? "FORBIDDEN" : "CONFLICT", refusal.message);
    if (target.disabled !== input.disabled) {
      await tx.update(user).set({ disabled: input.disabled, updatedAt: now }).where(eq(user.id, target.id)).run();
      if (input.disabled) await tx.delete(session).where(eq(session.userId, target.id)).run();
      await recordAudit(tx, actor, { verb: "users.setDisabled", targetType: "user", targetId: target.id, summary: `${input.disabled ? "disabled" : "enabled"} ${target.name}`, before: { disabled: target.disabled }, after: { disabled: input.disabled } }, now);
    }
    return { id: target.id, disabled: input.disabled };
  });
}
