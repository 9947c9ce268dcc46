import { describe, expect, it } from "vitest";
import { MAX_SELECTION, pageSelectionState, parseSelection, serializeSelection, toggleOne, togglePage, toggleRange } from "./vm-selection";

describe("VM selection", () => {
  it("round-trips through the URL, keeping other keys, dropping junk and duplicates", () => {
    const params = new URLSearchParams("state=running&sel=3,1,x,3,0,-2,7");
    expect(parseSelection(params)).toEqual([3, 1, 7]);
    const next = serializeSelection([5, 6], params);
    expect(next.get("state")).toBe("running");
    expect(next.get("sel")).toBe("5,6");
    expect(serializeSelection([], next).has("sel")).toBe(false);
    expect(parseSelection(new URLSearchParams())).toEqual([]);
  });

  it("caps a selection at the server's limit", () => {
    const many = Array.from({ length: MAX_SELECTION + 10 }, (_, i) => i + 1).join(",");
    expect(parseSelection(new URLSearchParams({ sel: many }))).toHaveLength(MAX_SELECTION);
  });

  it("ticks one, a page, or a shift-click range", () => {
    expect(toggleOne([1, 2], 3, true)).toEqual([1, 2, 3]);
    expect(toggleOne([1, 2], 1, false)).toEqual([2]);
    expect(togglePage([9], [1, 2, 3], true)).toEqual([9, 1, 2, 3]);
    expect(togglePage([9, 1, 2, 3], [1, 2, 3], false)).toEqual([9]);
    const page = [10, 11, 12, 13, 14];
    expect(toggleRange([], page, 11, 13, true)).toEqual([11, 12, 13]);
    expect(toggleRange([], page, 13, 11, true)).toEqual([11, 12, 13]);
    expect(toggleRange([10, 11, 12, 13, 14], page, 14, 12, false)).toEqual([10, 11]);
    expect(toggleRange([], page, 99, 12, true)).toEqual([12]);
    expect(toggleRange([], page, null, 12, true)).toEqual([12]);
  });

  it("tells the header checkbox whether all, some or none of the page is ticked", () => {
    expect(pageSelectionState([1, 2], [1, 2])).toBe("all");
    expect(pageSelectionState([1, 5], [1, 2])).toBe("some");
    expect(pageSelectionState([5], [1, 2])).toBe("none");
    expect(pageSelectionState([], [])).toBe("none");
  });
});
