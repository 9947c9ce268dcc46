import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openTestDb } from "@/db/client";
import { auditLog, session, user } from "@/db/schema";
import { testActor } from "@/server/testing/actors";
import { createFirstAdmin } from "./create-first-admin";
import { createUser } from "./create-user";
import { disableDemoUsers } from "./disable-demo-users";
import { ensureDemoUsers, SYSTEM_ACTOR } from "./ensure-demo-users";
import { listUsers } from "./list-users";

const PASSWORD = "correct horse battery";

describe("disableDemoUsers", () => {
  it("disables the demo-created users and ends their sessions, audited as the console, and leaves everyone else", async () => {
    const db = openTestDb();
    await ensureDemoUsers({ db });
    const kept = await createUser({ db, actor: testActor("admin"), input: { username: "alice", password: PASSWORD, role: "admin" } });
    const operatorId = db.select({ id: user.id }).from(user).where(eq(user.username, "operator")).get()!.id;
    const now = new Date();
    for (const [id, userId] of [["s1", operatorId], ["s2", kept.id]] as const) {
      db.insert(session).values({ id, token: `t-${id}`, userId, expiresAt: new Date(now.getTime() + 3_600_000), createdAt: now, updatedAt: now }).run();
    }

    expect(disableDemoUsers({ db }).sort()).toEqual(["admin", "operator", "shifter"]);
    expect(listUsers({ db }).map((u) => [u.username, u.disabled]).sort()).toEqual([
      ["admin", true],
      ["alice", false],
      ["operator", true],
      ["shifter", true],
    ]);
    expect(db.select({ id: session.id }).from(session).all()).toEqual([{ id: "s2" }]);
    const disabled = db.select().from(auditLog).where(eq(auditLog.verb, "users.setDisabled")).all();
    expect(disabled).toHaveLength(3);
    expect(disabled.every((a) => a.actorId === SYSTEM_ACTOR.id)).toBe(true);

    // Idempotent: a second start changes and audits nothing.
    expect(disableDemoUsers({ db })).toEqual([]);
    expect(db.select().from(auditLog).where(eq(auditLog.verb, "users.setDisabled")).all()).toHaveLength(3);
  });

  it("leaves a first admin who happens to be called admin, and lets create-admin run once the demo admin is disabled", async () => {
    const real = openTestDb();
    await createFirstAdmin({ db: real, input: { username: "admin", password: PASSWORD } });
    expect(disableDemoUsers({ db: real })).toEqual([]);

    const formerDemo = openTestDb();
    await ensureDemoUsers({ db: formerDemo });
    disableDemoUsers({ db: formerDemo });
    await createFirstAdmin({ db: formerDemo, input: { username: "root", password: PASSWORD } });
    expect(listUsers({ db: formerDemo }).find((u) => u.username === "root")?.role).toBe("admin");
  });
});
