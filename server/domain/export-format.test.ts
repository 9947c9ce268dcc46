import { describe, expect, it } from "vitest";
import { buildExportFileName, formatCsvLine, formatJsonClose, formatJsonRow, JSON_OPEN } from "./export-format";

describe("export formats", () => {
  it("writes CSV records a spreadsheet reads back as the same text, never as a formula", () => {
    expect(formatCsvLine(["pilot-1", 'said "no", twice', "line\nbreak", null, 3, true, new Date("2026-12-03T12:00:00Z")])).toBe(
      'pilot-1,"said ""no"", twice","line\nbreak",,3,true,2026-12-03T12:00:00.000Z\r\n',
    );
    expect(formatCsvLine(["=HYPERLINK(1)", "-2", "@x", 2])).toBe("'=HYPERLINK(1),'-2,'@x,2\r\n");
  });

  it("writes a JSON array row by row that parses whole, empty or not", () => {
    expect(JSON.parse(JSON_OPEN + formatJsonClose(true))).toEqual([]);
    const text = JSON_OPEN + formatJsonRow({ id: 1, at: new Date("2026-12-03T00:00:00Z") }, true) + formatJsonRow({ id: 2, at: null }, false) + formatJsonClose(false);
    expect(JSON.parse(text)).toEqual([{ id: 1, at: "2026-12-03T00:00:00.000Z" }, { id: 2, at: null }]);
  });

  it("names the file after the view, its filter and the time", () => {
    const at = new Date("2026-12-03T12:34:56Z");
    expect(buildExportFileName("vms", [["cloud", "3"], ["state", "running"], ["q", "pilot x/../"]], "csv", at)).toBe("cloudscope-vms-cloud-3-state-running-q-pilot_x_..-20261203T1234Z.csv");
    expect(buildExportFileName("audit", [], "json", at)).toBe("cloudscope-audit-20261203T1234Z.json");
  });
});
