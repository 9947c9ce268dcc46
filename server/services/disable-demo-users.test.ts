import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, session, user } from "@/db/schema";
import { testActor } from "@/server/testing/actors";
import { createFirstAdmin } from "./create-first-admin";
import { createUser } from "./create-user";
import { disableDemoUsers } from "./disable-demo-users";
import { ensureDemoUsers } from "./ensure-demo-users";
import { SYSTEM_ACTOR } from "./lib/actor";
import { listUsers } from "./list-users";
import { useFreshDatabases } from "@/db/testing/fresh-databases";

const PASSWORD = "correct horse battery";

const open = useFreshDatabases();

describe("disableDemoUsers", () => {
  it("disables the demo-created users and ends their sessions, audited as the console, and leaves everyone else", async () => {
    const db = await open();
    await ensureDemoUsers({ db });
    const kept = await createUser({ db, actor: testActor("admin"), input: { username: "alice", password: PASSWORD, role: "admin" } });
    const operatorId = (await db.select({ id: user.id }).from(user).where(eq(user.username, "operator")).get())!.id;
    const now = new Date();
    for (const [id, userId] of [["s1", operatorId], ["s2", kept.id]] as const) {
      await db.insert(session).values({ id, token: `t-${id}`, userId, expiresAt: new Date(now.getTime() + 3_600_000), createdAt: now, updatedAt: now }).run();
    }

    expect((await disableDemoUsers({ db })).sort()).toEqual(["admin", "operator", "shifter"]);
    expect((await listUsers({ db })).map((u) => [u.username, u.disabled]).sort()).toEqual([
      ["admin", true],
      ["alice", false],
      ["operator", true],
      ["shifter", true],
    ]);
    expect(await db.select({ id: session.id }).from(session).all()).toEqual([{ id: "s2" }]);
    const disabled = await db.select().from(auditLog).where(eq(auditLog.verb, "users.setDisabled")).all();
    expect(disabled).toHaveLength(3);
    expect(disabled.every((a) => a.actorId === SYSTEM_ACTOR.id)).toBe(true);

    // Idempotent: a second start changes and audits nothing.
    expect(await disableDemoUsers({ db })).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.verb, "users.setDisabled")).all()).toHaveLength(3);
  });

  it("leaves a first admin who happens to be called admin, and lets create-admin run once the demo admin is disabled", async () => {
    const real = await open();
    await createFirstAdmin({ db: real, input: { username: "admin", password: PASSWORD } });
    expect(await disableDemoUsers({ db: real })).toEqual([]);

    const formerDemo = await open();
    await ensureDemoUsers({ db: formerDemo });
    await disableDemoUsers({ db: formerDemo });
    await createFirstAdmin({ db: formerDemo, input: { username: "root", password: PASSWORD } });
    expect((await listUsers({ db: formerDemo })).find((u) => u.username === "root")?.role).toBe("admin");
  });
});
