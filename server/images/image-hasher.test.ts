import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createImageHasher } from "./image-hasher";

describe("image hasher", () => {
  it("gives the SHA-512 and SHA-256 of all chunks, in order, however many are in flight", async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => crypto.randomBytes(10_000 + i));
    const hasher = createImageHasher();
    await Promise.all(chunks.map((c) => hasher.update(c)));
    const whole = Buffer.concat(chunks);
    expect(await hasher.digest()).toEqual({ sha512: crypto.createHash("sha512").update(whole).digest("hex"), sha256: crypto.createHash("sha256").update(whole).digest("hex") });
  });
});
