import { describe, expect, it } from "vitest";
import { buildAlertsHref, parseAlertQuery } from "./alert-query";

describe("alerts URL", () => {
  it("round-trips the view and cloud, and falls back to firing on nonsense", () => {
    expect(parseAlertQuery(new URLSearchParams("view=recent&cloud=4"))).toEqual({ view: "recent", cloudId: 4 });
    expect(buildAlertsHref({ view: "recent", cloudId: 4 })).toBe("/alerts?view=recent&cloud=4");
    expect(parseAlertQuery(new URLSearchParams("view=bogus&cloud=-1"))).toEqual({ view: "firing" });
    expect(buildAlertsHref({ view: "firing" })).toBe("/alerts");
  });
});
