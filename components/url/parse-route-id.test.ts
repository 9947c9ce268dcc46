import { describe, expect, it } from "vitest";
import { parseRouteId } from "./parse-route-id";

describe("parseRouteId", () => {
  it("reads a positive id and refuses what cannot name a row", () => {
    expect(parseRouteId("42")).toBe(42);
    for (const raw of ["abc", "0", "-1", "1.5", "2147483648", "99999999999", ""]) expect(parseRouteId(raw), raw).toBeNull();
  });
});
