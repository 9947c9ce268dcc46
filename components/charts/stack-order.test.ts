import { describe, expect, it } from "vitest";
import { sortByStackOrder } from "./stack-order";

describe("tooltip order", () => {
  it("lists stacked series top first, as drawn, not alphabetically", () => {
    const stack = ["requested", "booting", "running", "draining", "error"];
    const items = ["booting", "draining", "error", "running", "requested", "other"].map((dataKey) => ({ dataKey }));
    const sorter = sortByStackOrder(stack);
    expect([...items].sort((a, b) => sorter(a) - sorter(b)).map((i) => i.dataKey)).toEqual(["error", "draining", "running", "booting", "requested", "other"]);
  });
});
