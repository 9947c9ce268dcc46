import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import crypto from "node:crypto";
import { ensureDemoEndorser } from "./ensure-demo-endorser";
import { ensureDemoImages } from "./ensure-demo-images";
import { getServedImageList } from "./issue-image-lists";
import { listImageVersions } from "./list-image-versions";

describe("demo images", () => {
  let db: Db;
  let dir: string;
  beforeEach(async () => {
    db = await openTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-images-"));
  });
  afterEach(async () => {
    await closeDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates a demo endorser and puts the shipped file into an empty catalogue once, endorsed in production", async () => {
    const secretKey = crypto.randomBytes(32);
    const config = { dir, maxBytes: 10 * 1024 * 1024, listLifetimeMs: 1 };
    const signing = { secretKey, lifetimeMs: 86_400_000, baseUrl: "http://localhost:3000" };
    expect(await ensureDemoEndorser({ db, secretKey })).toBe(true);
    expect(await ensureDemoEndorser({ db, secretKey })).toBe(false);
    expect(await ensureDemoImages({ db, config, signing })).toEqual(expect.any(Number));
    expect(await ensureDemoImages({ db, config, signing })).toBeNull();
    const { rows } = await listImageVersions({ db, input: {} });
    expect(rows).toMatchObject([{ imageName: "cernvm4", version: "4.0.1", sizeBytes: 262_144, decidedByName: "demo release manager" }]);
    expect(rows[0]).toMatchObject({ state: "endorsed", channel: "production" });
    expect((await getServedImageList(db, "production"))?.body).toContain('"dc:title": "cernvm4"');
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });
});
