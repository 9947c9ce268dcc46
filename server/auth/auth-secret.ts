import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readEnv } from "../config/env";

/**
 * The key that signs session cookies: CLOUDSCOPE_AUTH_SECRET, or on the embedded default
 * a random one written once beside the database (owner-only), so sessions survive restarts.
 */
export function loadAuthSecret(dbPath: string, fromEnv: string | undefined = readEnv().CLOUDSCOPE_AUTH_SECRET): string {
  if (fromEnv) return fromEnv;
  if (dbPath === ":memory:") return crypto.randomBytes(32).toString("hex");
  const file = path.join(path.dirname(path.resolve(/* turbopackIgnore: true */ dbPath)), "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Web and worker may start together: whoever wrote it first wins.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
