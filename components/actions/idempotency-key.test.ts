import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createKeyBook, newIdempotencyKey } from "./idempotency-key";

describe("idempotency keys", () => {
  it("uses crypto.randomUUID where the browser offers it", () => {
    expect(newIdempotencyKey({ randomUUID: () => "11111111-1111-4111-8111-111111111111", getRandomValues: crypto.getRandomValues.bind(crypto) })).toBe("11111111-1111-4111-8111-111111111111");
  });

  it("falls back to a valid v4 UUID on plain http, where randomUUID is missing", () => {
    const keys = Array.from({ length: 50 }, () => newIdempotencyKey({ getRandomValues: crypto.getRandomValues.bind(crypto) }));
    for (const key of keys) {
      expect(z.string().uuid().safeParse(key).success).toBe(true);
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps one key per request: a resubmission reuses it, a changed request gets its own", () => {
    let n = 0;
    const keyFor = createKeyBook(() => `key-${++n}`);
    expect(n).toBe(1); // made when the dialog opens
    expect(keyFor("launch 3")).toBe("key-1");
    expect(keyFor("launch 3")).toBe("key-1");
    expect(keyFor("launch 4")).toBe("key-2");
    expect(keyFor("launch 3")).toBe("key-1");
  });
});
