import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog, cloud } from "@/db/schema";
import { OPENSTACK_TEST_CREDENTIALS } from "@/server/testing/factories";
import { applyCloudsConfig } from "./apply-clouds-config";
import { upsertCloud } from "./upsert-cloud";

describe("applying the clouds configuration", () => {
  let db: Db;
  const key = randomBytes(32);
  const cern = { name: "CERN", kind: "openstack" as const, endpoint: "https://keystone.example/v3", credentials: { ...OPENSTACK_TEST_CREDENTIALS, password: "s3cret-of-cern" } };
  const audit = () => db.select({ verb: auditLog.verb, actor: auditLog.actorName, summary: auditLog.summary, before: auditLog.before, after: auditLog.after }).from(auditLog).all();

  beforeEach(async () => {
    db = await openTestDb();
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("disables the demo clouds with an audit row each, in the same transaction", async () => {
    await upsertCloud({ db, key, input: { ...cern, name: "Demo LxCloud", demo: true } });
    await applyCloudsConfig({ db, key, clouds: [cern] });

    expect(await db.select({ name: cloud.name, enabled: cloud.enabled }).from(cloud).orderBy(cloud.name).all()).toEqual([
      { name: "CERN", enabled: true },
      { name: "Demo LxCloud", enabled: false },
    ]);
    expect((await audit()).filter((r) => r.verb === "clouds.disable")).toEqual([
      expect.objectContaining({ actor: "console", summary: "Disabled demo cloud Demo LxCloud (real clouds configured)" }),
    ]);
  });

  it("records a cloud added or changed by the configuration, never its credentials, and nothing when a restart changes nothing", async () => {
    await applyCloudsConfig({ db, key, clouds: [cern] });
    await applyCloudsConfig({ db, key, clouds: [cern] });
    await applyCloudsConfig({ db, key, clouds: [{ ...cern, endpoint: "https://keystone2.example/v3" }] });

    const rows = await audit();
    expect(rows.map((r) => [r.verb, r.summary])).toEqual([
      ["clouds.create", "Added CERN (openstack) from the configuration"],
      ["clouds.configure", "Updated CERN from the configuration"],
    ]);
    expect(JSON.parse(rows[1]?.before ?? "null")).toEqual({ endpoint: "https://keystone.example/v3" });
    expect(JSON.parse(rows[1]?.after ?? "null")).toEqual({ endpoint: "https://keystone2.example/v3" });
    expect(JSON.stringify(rows)).not.toContain("s3cret-of-cern");
  });
});
