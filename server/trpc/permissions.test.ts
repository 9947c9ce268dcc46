import { describe, expect, it } from "vitest";
import { isAllowed, PERMISSIONS, type Permission } from "./permissions";

describe("permission table", () => {
  it("nests roles: whatever a shifter may do, an operator and an admin may do too", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      if (isAllowed("shifter", permission)) expect(isAllowed("operator", permission)).toBe(true);
      if (isAllowed("operator", permission)) expect(isAllowed("admin", permission)).toBe(true);
    }
  });

  it("keeps shifters read-only and user management for admins", () => {
    expect(isAllowed("shifter", "fleet.read")).toBe(true);
    expect(isAllowed("shifter", "vms.launch")).toBe(false);
    expect(isAllowed("operator", "vms.destroy")).toBe(true);
    expect(isAllowed("operator", "users.manage")).toBe(false);
    expect(isAllowed("admin", "users.manage")).toBe(true);
  });

  it("refuses everything to someone not signed in", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(isAllowed(null, permission)).toBe(false);
  });
});
