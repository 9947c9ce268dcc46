import { describe, expect, it } from "vitest";
import { computeNextPollDelayMs, MAX_BACKOFF_FACTOR } from "./backoff";

describe("poll backoff", () => {
  const middle = () => 0.5;

  it("polls at the normal interval while the cloud answers", () => {
    expect(computeNextPollDelayMs(60_000, 0, middle)).toBe(60_000);
  });

  it("doubles the wait with each failure, up to a ceiling", () => {
    expect(computeNextPollDelayMs(10_000, 1, middle)).toBe(10_000);
    expect(computeNextPollDelayMs(10_000, 2, middle)).toBe(20_000);
    expect(computeNextPollDelayMs(10_000, 3, middle)).toBe(40_000);
    expect(computeNextPollDelayMs(10_000, 30, middle)).toBe(10_000 * MAX_BACKOFF_FACTOR);
  });

  it("spreads polls by up to 20 % either way", () => {
    expect(computeNextPollDelayMs(10_000, 0, () => 0)).toBe(8_000);
    expect(computeNextPollDelayMs(10_000, 0, () => 0.999999)).toBe(12_000);
  });
});
