import { describe, expect, it } from "vitest";
import { describeDiff, diffValues, formatValue } from "./diff-values";

describe("audit before/after diff", () => {
  it("lists changed fields first, then unchanged ones", () => {
    const rows = diffValues({ paused: false, reason: null, name: "cern" }, { paused: true, reason: "maintenance", name: "cern" });
    expect(rows).toEqual([
      { key: "paused", before: "false", after: "true", changed: true },
      { key: "reason", before: "–", after: "maintenance", changed: true },
      { key: "name", before: "cern", after: "cern", changed: false },
    ]);
    expect(describeDiff(rows)).toBe("2 fields changed");
  });

  it("shows fields that appear or disappear", () => {
    expect(diffValues(null, { count: 3 })).toEqual([{ key: "count", before: "–", after: "3", changed: true }]);
    expect(diffValues({ role: "operator" }, undefined)).toEqual([{ key: "role", before: "operator", after: "–", changed: true }]);
  });

  it("compares nested values and scalars as JSON", () => {
    expect(diffValues({ ntp: ["a"] }, { ntp: ["a", "b"] })[0]).toMatchObject({ before: '["a"]', after: '["a","b"]', changed: true });
    expect(diffValues(1, 2)).toEqual([{ key: "value", before: "1", after: "2", changed: true }]);
    expect(diffValues("raw", "raw")).toEqual([{ key: "value", before: "raw", after: "raw", changed: false }]);
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it("has nothing to show when neither side was recorded", () => {
    expect(diffValues(null, null)).toEqual([]);
    expect(describeDiff([])).toBe("no details");
  });
});
