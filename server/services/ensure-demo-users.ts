import { hashPassword } from "better-auth/crypto";
import type { Db } from "@/db/client";
import { ROLES, type Role } from "@/server/domain/vocabulary";
import { SYSTEM_ACTOR } from "./lib/actor";
import { findUserIdByUsername, insertLocalUser } from "./create-user";
import { recordAudit } from "./record-audit";

export const DEMO_PASSWORD = "demo";

/** How the audit log names a demo user's creation; disableDemoUsers finds them by it. */
export const DEMO_USER_CREATED = "created demo user";

/**
 * The embedded default's three users, one per role, named after it (shifter, operator,
 * admin). Existing ones are left alone, so a changed password or role survives restarts.
 */
export async function ensureDemoUsers({ db, password = DEMO_PASSWORD }: { db: Db; password?: string }): Promise<{ username: string; role: Role; created: boolean }[]> {
  const passwordHash = await hashPassword(password);
  const now = new Date();
  return db.transaction(async (tx) => {
    const results: { username: string; role: Role; created: boolean }[] = [];
    for (const role of ROLES) {
      const username = role;
      if (await findUserIdByUsername(tx, username)) {
        results.push({ username, role, created: false });
        continue;
      }
      const id = await insertLocalUser(tx, { username, role, passwordHash, now });
      await recordAudit(tx, SYSTEM_ACTOR, { verb: "users.create", targetType: "user", targetId: id, summary: `${DEMO_USER_CREATED} ${username} (${role})`, after: { username, role } }, now);
      results.push({ username, role, created: true });
    }
    return results;
  });
}
