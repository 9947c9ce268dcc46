import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readEnv } from "./config/env";

/**
 * Cloud credentials are sealed with AES-256-GCM before they reach the database.
 * The key comes from CLOUDSCOPE_SECRET_KEY (64 hex chars) or, on the embedded default,
 * from a key file created once beside the database with owner-only permissions.
 */
export function loadSecretKey(dbPath: string, fromEnv: string | undefined = readEnv().CLOUDSCOPE_SECRET_KEY): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, "hex");
  const keyFile = dbPath === ":memory:" ? null : path.join(path.dirname(path.resolve(dbPath)), "secret.key");
  if (!keyFile) return crypto.createHash("sha256").update("cloudscope-in-memory").digest();
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return Buffer.from(fs.readFileSync(keyFile, "utf8").trim(), "hex");
}

export function sealSecret(key: Buffer, plain: unknown): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(plain), "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
}

export function openSecret(key: Buffer, sealed: string): unknown {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Sealed secret has an unknown format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  return JSON.parse(plain);
}
