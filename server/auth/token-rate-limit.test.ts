import { describe, expect, it } from "vitest";
import { createTokenRateLimit } from "./token-rate-limit";

describe("createTokenRateLimit", () => {
  it("refuses calls over the limit until the window ends, per token", () => {
    let t = 0;
    const limit = createTokenRateLimit({ limit: 2, windowMs: 60_000, now: () => t });
    expect(limit("Bearer a")).toBeNull();
    expect(limit("Bearer a")).toBeNull();
    expect(limit("Bearer b")).toBeNull();
    t = 15_000;
    expect(limit("Bearer a")).toBe(45);
    t = 60_000;
    expect(limit("Bearer a")).toBeNull();
  });
});
