import { describe, expect, it } from "vitest";
import { decideRoleFromGroups, parseGroupRoleMap, readGroupsClaim } from "./group-roles";

describe("group to role mapping", () => {
  const map = parseGroupRoleMap("atlas-adc-cloud-admins=admin, atlas-adc-shifters=shifter,atlas-adc-operators=operator");

  it("gives the highest role any group maps to, and none without a mapped group", () => {
    expect(decideRoleFromGroups(["atlas-adc-shifters", "atlas-adc-cloud-admins"], map)).toBe("admin");
    expect(decideRoleFromGroups(["atlas-adc-operators", "atlas-adc-shifters"], map)).toBe("operator");
    expect(decideRoleFromGroups(["cms-users"], map)).toBeNull();
    expect(decideRoleFromGroups([], map)).toBeNull();
  });

  it("rejects a configuration with a bad entry, naming it", () => {
    expect(() => parseGroupRoleMap("atlas=superuser")).toThrow(/"atlas" maps to "superuser"/);
    expect(() => parseGroupRoleMap("atlas")).toThrow(/group=role, got "atlas"/);
    expect(() => parseGroupRoleMap("a=admin,a=shifter")).toThrow(/mapped twice/);
    expect(() => parseGroupRoleMap(" , ")).toThrow(/at least one/);
  });

  it("reads the groups claim as an array or a single string, ignoring anything else", () => {
    expect(readGroupsClaim(["a", 3, "b"])).toEqual(["a", "b"]);
    expect(readGroupsClaim("a")).toEqual(["a"]);
    expect(readGroupsClaim(undefined)).toEqual([]);
  });
});
