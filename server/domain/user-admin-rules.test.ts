import { describe, expect, it } from "vitest";
import { refuseDisabledChange, refuseRoleChange, type UserStanding } from "./user-admin-rules";

const admin = (id: string, disabled = false): UserStanding => ({ id, role: "admin", disabled });
const operator: UserStanding = { id: "op", role: "operator", disabled: false };

describe("user admin rules", () => {
  it("never lets an admin change their own role or disable themselves", () => {
    expect(refuseRoleChange("a", admin("a"), "shifter", 3)?.kind).toBe("self");
    expect(refuseRoleChange("a", admin("a"), "admin", 3)?.kind).toBe("self");
    expect(refuseDisabledChange("a", admin("a"), true, 3)?.kind).toBe("self");
  });

  it("keeps the last active admin", () => {
    expect(refuseRoleChange("x", admin("b"), "operator", 1)?.kind).toBe("last-admin");
    expect(refuseDisabledChange("x", admin("b"), true, 1)?.kind).toBe("last-admin");
    expect(refuseRoleChange("x", admin("b"), "operator", 2)).toBeNull();
    expect(refuseDisabledChange("x", admin("b"), true, 2)).toBeNull();
  });

  it("does not count a disabled admin as the last one, and always allows re-enabling", () => {
    expect(refuseRoleChange("x", admin("b", true), "shifter", 1)).toBeNull();
    expect(refuseDisabledChange("x", admin("b", true), false, 0)).toBeNull();
  });

  it("lets admins promote, demote and disable everyone else", () => {
    expect(refuseRoleChange("a", operator, "admin", 1)).toBeNull();
    expect(refuseRoleChange("a", operator, "shifter", 1)).toBeNull();
    expect(refuseDisabledChange("a", operator, true, 1)).toBeNull();
  });
});
