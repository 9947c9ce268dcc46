import { and, eq, inArray, like } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, session, user } from "@/db/schema";
import { DEMO_USER_CREATED } from "./ensure-demo-users";
import { SYSTEM_ACTOR } from "./lib/actor";
import { recordAudit } from "./record-audit";

/**
 * A database that first ran the demo and now serves real clouds (CLOUDSCOPE_CONFIG) must not
 * keep the demo logins (known password): disables every user ensureDemoUsers created that is
 * still active and ends their sessions, audited as the console. Returns the names disabled.
 */
export async function disableDemoUsers({ db }: { db: Db }): Promise<string[]> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const created = (
      await tx
      .select({ id: auditLog.targetId })
      .from(auditLog)
      .where(and(eq(auditLog.verb, "users.create"), eq(auditLog.targetType, "user"), eq(auditLog.actorId, SYSTEM_ACTOR.id), like(auditLog.summary, `${DEMO_USER_CREATED} %`)))
        .all()
    ).flatMap((r) => (r.id ? [r.id] : []));
    if (created.length === 0) return [];
    const active = await tx
      .select({ id: user.id, name: user.username })
      .from(user)
      .where(and(inArray(user.id, created), eq(user.disabled, false)))
      .all();
    const names: string[] = [];
    for (const u of active) {
      const name = u.name ?? u.id;
      await tx.update(user).set({ disabled: true, updatedAt: now }).where(eq(user.id, u.id)).run();
      await tx.delete(session).where(eq(session.userId, u.id)).run();
      await recordAudit(tx, SYSTEM_ACTOR, { verb: "users.setDisabled", targetType: "user", targetId: u.id, summary: `disabled demo user ${name} (real clouds configured)`, before: { disabled: false }, after: { disabled: true } }, now);
      names.push(name);
    }
    return names;
  });
}
