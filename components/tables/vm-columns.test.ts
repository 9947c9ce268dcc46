import { describe, expect, it } from "vitest";
import { parseShownColumns, serializeShownColumns, toggleColumn, VM_COLUMNS } from "./vm-columns";

describe("the VMs table's chosen columns", () => {
  it("shows every column until one is hidden, and remembers the hidden ones across a round trip", () => {
    const all = parseShownColumns(null);
    expect([...all]).toEqual([...VM_COLUMNS]);
    const fewer = toggleColumn(toggleColumn(all, "ip", false), "flavor", false);
    expect(serializeShownColumns(fewer)).toBe('{"hidden":["flavor","ip"]}');
    expect(parseShownColumns(serializeShownColumns(fewer))).toEqual(fewer);
    expect(parseShownColumns(serializeShownColumns(toggleColumn(fewer, "ip", true))).has("ip")).toBe(true);
  });

  it("shows everything for a value it cannot read, and ignores columns it does not know", () => {
    expect(parseShownColumns("not json").size).toBe(VM_COLUMNS.length);
    expect(parseShownColumns('{"hidden":"ip"}').size).toBe(VM_COLUMNS.length);
    expect([...parseShownColumns('{"hidden":["queue","gone-column"]}')]).not.toContain("queue");
    expect(parseShownColumns('{"hidden":["queue","gone-column"]}').size).toBe(VM_COLUMNS.length - 1);
  });
});
