import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { user } from "@/db/schema";
import type { Role } from "@/server/domain/vocabulary";
import { SYSTEM_ACTOR } from "./lib/actor";
import { getUserStanding } from "./lib/user-standing";
import { recordAudit } from "./record-audit";

/** At every single sign-on the role becomes what the user's groups grant now; a change is audited. */
export async function applySsoRole({ db, userId, role, ip }: { db: Db; userId: string; role: Role; ip: string | null }): Promise<void> {
  const now = new Date();
  await db.transaction(async (tx) => {
    const target = await getUserStanding(tx, userId);
    if (!target || target.role === role) return;
    await tx.update(user).set({ role, updatedAt: now }).where(eq(user.id, userId)).run();
    const summary = `${target.name}: ${target.role} → ${role} (groups at single sign-on)`;
    await recordAudit(tx, { ...SYSTEM_ACTOR, ip }, { verb: "users.setRole", targetType: "user", targetId: userId, summary, before: { role: target.role }, after: { role } }, now);
  });
}
