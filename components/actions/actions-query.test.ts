import { describe, expect, it } from "vitest";
import { listActionsInput } from "@/server/services/list-actions";
import { describeParams, describeProgress, parseActionsQuery, serializeActionsQuery, toActionsListInput } from "./actions-query";

describe("actions list query in the URL", () => {
  it("round-trips filters and page, dropping unknown values", () => {
    const query = parseActionsQuery(new URLSearchParams("status=failed&kind=launch&page=3&x=1"));
    expect(query).toEqual({ status: "failed", kind: "launch", page: 3 });
    const url = serializeActionsQuery(query, new URLSearchParams("x=1"));
    expect(url.toString()).toBe("x=1&status=failed&kind=launch&page=3");
    expect(parseActionsQuery(new URLSearchParams("status=exploded&kind=reboot&page=0"))).toEqual({ page: 1 });
    expect(serializeActionsQuery({ page: 1 }).toString()).toBe("");
  });

  it("keeps my actions and a UTC time range in the URL, a whole day for a day's 'to', and drops a range that runs backwards", () => {
    const query = parseActionsQuery(new URLSearchParams("mine=1&from=2026-12-01T08:00&to=2026-12-02"));
    expect(query).toEqual({ mine: true, from: "2026-12-01T08:00", to: "2026-12-02", page: 1 });
    expect(serializeActionsQuery(query).toString()).toBe("mine=1&from=2026-12-01T08%3A00&to=2026-12-02");
    expect(toActionsListInput(query)).toMatchObject({ mine: true, from: new Date("2026-12-01T08:00:00Z"), to: new Date("2026-12-03T00:00:00Z") });
    const backwards = toActionsListInput(parseActionsQuery(new URLSearchParams("from=2026-12-05&to=2026-12-01")));
    expect([backwards.from, backwards.to]).toEqual([undefined, undefined]);
    expect(parseActionsQuery(new URLSearchParams("mine=yes&from=2026-02-31")).mine).toBeUndefined();
  });

  it("always asks the server for input it accepts", () => {
    for (const search of ["", "status=running&kind=drain&page=99999", "page=abc", "mine=1&from=2026-12-05&to=2026-12-01"]) {
      expect(listActionsInput.safeParse(toActionsListInput(parseActionsQuery(new URLSearchParams(search)))).success).toBe(true);
    }
  });
});

describe("action descriptions", () => {
  it("says progress in words", () => {
    expect(describeProgress({ total: 5, succeeded: 3, failed: 1 })).toBe("3 succeeded, 1 failed, 1 to go of 5");
    expect(describeProgress({ total: 2, succeeded: 2, failed: 0 })).toBe("2 succeeded of 2");
  });

  it("summarises what each kind asked for", () => {
    const launch = { cloudId: 1, imageId: "img-1", flavorId: "f-1", count: 3, flavorName: "m1.large", imageName: "atlas-alma9", cloudName: "CERN", queue: "CERN-PROD" };
    expect(describeParams({ kind: "launch", params: launch })).toBe("3 × m1.large (atlas-alma9) for CERN-PROD");
    const drain = { vmIds: [1, 2], deadlineHours: 24, drainDeadlineAt: "2026-01-02T00:00:00.000Z", skipped: [{ vmId: 3, reason: "gone" }] };
    expect(describeParams({ kind: "drain", params: drain })).toBe("2 selected · deadline 24 h · 1 left out");
    expect(describeParams({ kind: "destroy", params: { vmIds: [1], skipped: [] } })).toBe("1 selected");
    expect(describeParams(null)).toBe("parameters unreadable");
  });
});
