import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { openSecret, sealSecret } from "./secrets";

describe("sealed secrets", () => {
  const key = crypto.randomBytes(32);

  it("round-trips credentials without the plain text appearing in the sealed form", () => {
    const sealed = sealSecret(key, { password: "hunter2-atlas" });
    expect(sealed).not.toContain("hunter2");
    expect(openSecret(key, sealed)).toEqual({ password: "hunter2-atlas" });
  });

  it("refuses a sealed value that was tampered with or opened with another key", () => {
    const sealed = sealSecret(key, { password: "x" });
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64");
    expect(() => openSecret(key, parts.join("."))).toThrow();
    expect(() => openSecret(crypto.randomBytes(32), sealed)).toThrow();
  });
});
