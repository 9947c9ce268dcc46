import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { user } from "@/db/schema";
import type { Role } from "@/server/domain/vocabulary";
import { insertLocalUser } from "@/server/services/create-user";
import type { Actor } from "@/server/services/lib/actor";

/** A signed-in actor for router and service tests (no session behind it). */
export function testActor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return { id: `test-${role}`, name: role, role, ip: "192.0.2.1", ...overrides };
}

let userSequence = 0;

/** A user row (no usable password) and the session actor it would be, for tests that need the user in the database. */
export async function insertTestUser(db: Db, role: Role, { disabled = false }: { disabled?: boolean } = {}): Promise<Actor> {
  userSequence += 1;
  const username = `${role}_${userSequence}`;
  const id = await db.transaction((tx) => insertLocalUser(tx, { username, role, passwordHash: "not-a-password-hash", now: new Date("2025-01-01T00:00:00Z") }));
  if (disabled) await db.update(user).set({ disabled: true }).where(eq(user.id, id)).run();
  return { id, name: username, role, ip: "192.0.2.1" };
}
