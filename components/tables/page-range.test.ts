import { describe, expect, it } from "vitest";
import { describePageRange } from "./page-range";

describe("the pager's words", () => {
  it("counts the rows of the page shown", () => {
    expect(describePageRange({ page: 2, pageCount: 5, pageSize: 50, total: 230, noun: "VMs" })).toEqual({ text: "51–100 of 230 VMs", clampTo: null });
    expect(describePageRange({ page: 5, pageCount: 5, pageSize: 50, total: 230, noun: "VMs" }).text).toBe("201–230 of 230 VMs");
  });

  it("says there are none instead of 0–0 of 0", () => {
    expect(describePageRange({ page: 1, pageCount: 1, pageSize: 50, total: 0, noun: "VMs" })).toEqual({ text: "No VMs", clampTo: null });
  });

  it("sends a page past the last to the last, instead of showing page 999 of 9", () => {
    expect(describePageRange({ page: 999, pageCount: 9, pageSize: 50, total: 430, noun: "actions" })).toEqual({ text: "401–430 of 430 actions", clampTo: 9 });
    expect(describePageRange({ page: 3, pageCount: 1, pageSize: 50, total: 0, noun: "VMs" })).toEqual({ text: "No VMs", clampTo: 1 });
  });
});
