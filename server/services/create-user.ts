import { generateId } from "better-auth";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { account, user } from "@/db/schema";
import { ROLES, type Role } from "@/server/domain/vocabulary";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

/** The rules better-auth's username plugin signs in with: 3-30 of a-z 0-9 _ . (stored lower-case). */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "A username has at least 3 characters")
  .max(30, "A username has at most 30 characters")
  .regex(/^[a-z0-9_.]+$/, "A username has letters, digits, _ and . only");

export const MIN_PASSWORD_LENGTH = 12;

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(128, "A password has at most 128 characters");

export const createUserInput = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(ROLES),
});
export type CreateUserInput = z.output<typeof createUserInput>;

/** Local accounts need an e-mail for better-auth; this one is never used (RFC 2606 `.invalid`). */
export function placeholderEmail(username: string): string {
  return `${username}@users.cloudscope.invalid`;
}

export async function findUserIdByUsername(db: Pick<Db, "select">, username: string): Promise<string | null> {
  return (await db.select({ id: user.id }).from(user).where(eq(user.username, username)).get())?.id ?? null;
}

/**
 * Inserts a user and its password account, the way better-auth's own sign-up would.
 * `passwordHash` comes from better-auth's hashPassword, so its sign-in verifies it.
 */
export async function insertLocalUser(tx: Tx, values: { username: string; role: Role; passwordHash: string; now: Date; breakGlass?: boolean }): Promise<string> {
  const id = generateId();
  await tx
    .insert(user)
    .values({ id, name: values.username, username: values.username, email: placeholderEmail(values.username), role: values.role, breakGlass: values.breakGlass ?? false, createdAt: values.now, updatedAt: values.now })
    .run();
  await tx
    .insert(account)
    .values({ id: generateId(), accountId: id, providerId: "credential", userId: id, password: values.passwordHash, createdAt: values.now, updatedAt: values.now })
    .run();
  return id;
}

/** An admin adds a user with a role; the password is hashed by better-auth before the transaction. */
export async function createUser({ db, actor, input }: { db: Db; actor: Actor; input: CreateUserInput }) {
  const passwordHash = await hashPassword(input.password);
  const now = new Date();
  const id = await db.transaction(async (tx) => {
    if (await findUserIdByUsername(tx, input.username)) throw new ServiceError("CONFLICT", `The username ${input.username} is taken`);
    const id = await insertLocalUser(tx, { username: input.username, role: input.role, passwordHash, now });
    await recordAudit(tx, actor, { verb: "users.create", targetType: "user", targetId: id, summary: `created ${input.username} (${input.role})`, after: { username: input.username, role: input.role } }, now);
    return id;
  });
  return { id, username: input.username, role: input.role };
}
