import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

it("npm start refuses a malformed variable before it migrates, starts the demo fleet or builds, naming it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-start-config-"));
  const db = path.join(dir, "cloudscope.db");
  try {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: { ...process.env, CLOUDSCOPE_DATABASE_URL: "", CLOUDSCOPE_CONFIG: "", CLOUDSCOPE_DB: db, PORT: "0", CLOUDSCOPE_ACTION_CONCURRENCY: "abc" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[start] CLOUDSCOPE_ACTION_CONCURRENCY: expected a positive integer, got "abc"');
    expect(run.stderr).toContain("[start] PORT: expected a port number");
    expect(run.stdout).not.toMatch(/building|demo fleet|cloudscope is running/);
    expect(fs.readdirSync(dir)).toEqual([]); // no database, no key files: nothing started
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
