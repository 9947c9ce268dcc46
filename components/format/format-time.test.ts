import { describe, expect, it } from "vitest";
import { formatRelative, formatUtc, formatUtcTick } from "./format-time";

describe("time formatting", () => {
  const now = Date.UTC(2025, 5, 10, 12, 0, 0);

  it("shows absolute times in UTC", () => {
    expect(formatUtc(now)).toBe("2025-06-10 12:00:00 UTC");
    expect(formatUtcTick(now, false)).toBe("12:00");
    expect(formatUtcTick(now, true)).toBe("06-10 12:00");
  });

  it("shows ages coarsely, past and future", () => {
    expect(formatRelative(now - 400, now)).toBe("just now");
    expect(formatRelative(now - 12_000, now)).toBe("12 s ago");
    expect(formatRelative(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe("3 h ago");
    expect(formatRelative(now - 3 * 86_400_000, now)).toBe("3 d ago");
    expect(formatRelative(new Date(now + 30_000), now)).toBe("in 30 s");
  });
});
