import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { getDb } from "./db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-db-"));
const synchronous = (db: ReturnType<typeof openDb>) => db.$client.pragma("synchronous", { simple: true });

afterEach(() => {
  delete process.env.CLOUDSCOPE_DB;
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("database connections", () => {
  it("the worker's default keeps synchronous = NORMAL (1)", () => {
    const db = openDb(path.join(tmp, "worker.db"));
    expect(synchronous(db)).toBe(1);
    db.$client.close();
  });

  it("the web's connection syncs every commit: synchronous = FULL (2)", () => {
    process.env.CLOUDSCOPE_DB = path.join(tmp, "web.db");
    const db = getDb();
    expect(synchronous(db)).toBe(2);
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    db.$client.close();
    delete (globalThis as { cloudscopeDb?: unknown }).cloudscopeDb;
  });
});
