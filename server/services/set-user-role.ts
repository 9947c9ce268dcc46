import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { user } from "@/db/schema";
import { ROLES } from "@/server/domain/vocabulary";
import { refuseRoleChange } from "@/server/domain/user-admin-rules";
import type { Actor } from "./lib/actor";
import { countActiveAdmins, getUserStanding, isSsoManaged } from "./lib/user-standing";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export const setUserRoleInput = z.object({
  userId: z.string().min(1).max(100),
  role: z.enum(ROLES),
});
export type SetUserRoleInput = z.output<typeof setUserRoleInput>;

/** An admin changes someone's role; it applies to their very next request. */
export async function setUserRole({ db, actor, input }: { db: Db; actor: Actor; input: SetUserRoleInput }) {
  const now = new Date();
  return db.transaction(async (tx) => {
    const target = await getUserStanding(tx, input.userId);
    if (!target) throw new ServiceError("NOT_FOUND", "That user does not exist");
    const refusal = refuseRoleChange(actor.id, { ...target, ssoManaged: await isSsoManaged(tx, target.id) }, input.role, await countActiveAdmins(tx));
    if (refusal) throw new ServiceError(refusal.kind === "self" ? "FORBIDDEN" : "CONFLICT", refusal.message);
    if (target.role !== input.role) {
      await tx.update(user).set({ role: input.role, updatedAt: now }).where(eq(user.id, target.id)).run();
      await recordAudit(tx, actor, { verb: "users.setRole", targetType: "user", targetId: target.id, summary: `${target.name}: ${target.role} → ${input.role}`, before: { role: target.role }, after: { role: input.role } }, now);
    }
    return { id: target.id, role: input.role };
  });
}
