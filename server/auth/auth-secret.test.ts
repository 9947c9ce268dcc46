import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAuthSecret } from "./auth-secret";

describe("loadAuthSecret", () => {
  afterEach(() => {
    delete process.env.CLOUDSCOPE_AUTH_SECRET;
  });

  it("creates an owner-only secret file beside the database once and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudscope-secret-"));
    const dbPath = path.join(dir, "cloudscope.db");
    const first = loadAuthSecret(dbPath);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadAuthSecret(dbPath)).toBe(first);
    expect(fs.statSync(path.join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
  });

  it("prefers CLOUDSCOPE_AUTH_SECRET and refuses a short one", () => {
    process.env.CLOUDSCOPE_AUTH_SECRET = "s".repeat(40);
    expect(loadAuthSecret("/nonexistent/dir/db")).toBe("s".repeat(40));
    process.env.CLOUDSCOPE_AUTH_SECRET = "short";
    expect(() => loadAuthSecret("/nonexistent/dir/db")).toThrow(/at least 32/);
  });
});
