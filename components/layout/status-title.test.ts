import { describe, expect, it } from "vitest";
import { buildStatusTitle } from "./status-title";

describe("tab title", () => {
  it("names down and degraded clouds and firing alerts, replacing its own earlier prefix", () => {
    const clouds = [{ status: "down" as const }, { status: "down" as const }, { status: "degraded" as const }, { status: "up" as const }];
    expect(buildStatusTitle("(1 down) Overview · cloudscope", clouds, 3)).toBe("(2 down, 1 degraded, 3 firing) Overview · cloudscope");
    expect(buildStatusTitle("(1 down) Overview · cloudscope", [{ status: "up" }], 0)).toBe("Overview · cloudscope");
  });
});
