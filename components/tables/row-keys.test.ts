import { describe, expect, it } from "vitest";
import { isTypingInto, nextRowIndex } from "./row-keys";

describe("VMs table keys", () => {
  it("moves between rows with the arrows, Home and End, never past either end", () => {
    expect(nextRowIndex("ArrowDown", 0, 3)).toBe(1);
    expect(nextRowIndex("ArrowDown", 2, 3)).toBe(2);
    expect(nextRowIndex("ArrowUp", 0, 3)).toBe(0);
    expect(nextRowIndex("End", 0, 3)).toBe(2);
    expect(nextRowIndex("Home", 2, 3)).toBe(0);
    expect(nextRowIndex("x", 1, 3)).toBeNull();
    expect(nextRowIndex("ArrowDown", 0, 0)).toBeNull();
  });

  it("leaves keys typed into a field to the field", () => {
    expect(isTypingInto({ tagName: "INPUT" })).toBe(true);
    expect(isTypingInto({ tagName: "TR" })).toBe(false);
    expect(isTypingInto(null)).toBe(false);
  });
});
