import { describe, expect, it } from "vitest";
import { buildOverviewHref, parseOverviewView } from "./overview-view";

describe("overview view in the URL", () => {
  it("reads the layout and grouping, falling back to cards, ungrouped", () => {
    expect(parseOverviewView(new URLSearchParams("layout=list&group=region"))).toEqual({ layout: "list", group: "region" });
    expect(parseOverviewView(new URLSearchParams("layout=grid&group=colour"))).toEqual({ layout: "cards", group: "none" });
  });

  it("changes one setting and keeps the others, defaults leaving the query string", () => {
    const params = new URLSearchParams("range=24h&group=kind");
    expect(buildOverviewHref(params, { layout: "list" })).toBe("/?range=24h&group=kind&layout=list");
    expect(buildOverviewHref(new URLSearchParams("layout=list"), { layout: "cards" })).toBe("/");
  });
});
