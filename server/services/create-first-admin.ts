import { hashPassword } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { user } from "@/db/schema";
import { findUserIdByUsername, insertLocalUser, passwordSchema, usernameSchema } from "./create-user";
import { SYSTEM_ACTOR } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export const createFirstAdminInput = z.object({ username: usernameSchema, password: passwordSchema });

/**
 * `npm run create-admin`: the first admin of a real installation, marked break-glass (the one
 * password that still works with CLOUDSCOPE_LOCAL_LOGIN=false); refused once any active
 * admin exists (a disabled one, such as the demo admin after a switch to real clouds, does not count).
 */
export async function createFirstAdmin({ db, input }: { db: Db; input: z.input<typeof createFirstAdminInput> }) {
  const { username, password } = createFirstAdminInput.parse(input);
  const passwordHash = await hashPassword(password);
  const now = new Date();
  return db.transaction(async (tx) => {
    const admin = await tx.select({ username: user.username, name: user.name }).from(user).where(and(eq(user.role, "admin"), eq(user.disabled, false))).get();
    if (admin) throw new ServiceError("CONFLICT", `An admin already exists (${admin.username ?? admin.name}); admins add further users in the console`);
    if (await findUserIdByUsername(tx, username)) throw new ServiceError("CONFLICT", `The username ${username} is taken`);
    const id = await insertLocalUser(tx, { username, role: "admin", passwordHash, now, breakGlass: true });
    await recordAudit(tx, SYSTEM_ACTOR, { verb: "users.create", targetType: "user", targetId: id, summary: `created first admin ${username} (command line; break-glass: may use a password when local sign-in is off)`, after: { username, role: "admin", breakGlass: true } }, now);
    return { id, username };
  });
}
