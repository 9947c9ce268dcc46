import { createHash, randomBytes } from "node:crypto";
import { TOKEN_PREFIX } from "@/server/domain/api-token-rules";

/** A fresh token secret: the prefix and 32 random bytes. */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** What the database keeps: 256 random bits need no salt or slow hash, and a lookup stays one index probe. */
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
