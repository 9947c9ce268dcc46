import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { ensureDemoImages } from "./ensure-demo-images";
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

  it("puts the shipped file into an empty catalogue once, approved", async () => {
    const config = { dir, maxBytes: 10 * 1024 * 1024, listLifetimeMs: 1 };
    expect(await ensureDemoImages({ db, config })).toEqual(expect.any(Number));
    expect(await ensureDemoImages({ db, config })).toBeNull();
    const { rows } = await listImageVersions({ db, input: {} });
    expect(rows).toMatchObject([{ imageName: "cernvm4", version: "4.0.1", sizeBytes: 262_144, decidedByName: "demo release manager" }]);
    expect(rows[0]!.state).not.toBe("submitted");
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });
});
