import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { cloud } from "@/db/schema";
import { OPENSTACK_TEST_CREDENTIALS } from "@/server/testing/factories";
import { upsertCloud } from "./upsert-cloud";

describe("upsertCloud", () => {
  let db: Db;
  const key = randomBytes(32);

  beforeEach(async () => {
    db = await openTestDb();
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("refuses credentials that do not suit the kind, naming the cloud and the field, and stores nothing", async () => {
    const { username: _, ...withoutUser } = OPENSTACK_TEST_CREDENTIALS;
    const input = { name: "BNL", kind: "openstack" as const, endpoint: "https://keystone.bnl.example/v3", credentials: { ...withoutUser, user: "atlas" } };
    await expect(upsertCloud({ db, key, input })).rejects.toThrow('Cloud "BNL": OpenStack credentials: "username" is missing; "user" is not a field of these credentials');
    expect(await db.select().from(cloud).all()).toEqual([]);
  });
});
