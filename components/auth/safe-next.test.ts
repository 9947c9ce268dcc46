import { describe, expect, it } from "vitest";
import { describeSignInFailure } from "./auth-api";
import { loginPathFor, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/vms?state=running")).toBe("/vms?state=running");
    expect(safeNextPath("/admin/users")).toBe("/admin/users");
  });

  it("sends anything else home", () => {
    for (const bad of [null, undefined, "", "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/login", "/login?next=/x", "/api/trpc/x"]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });

  it("builds the sign-in link back to a page", () => {
    expect(loginPathFor("/vms?state=error")).toBe("/login?next=%2Fvms%3Fstate%3Derror");
    expect(loginPathFor("/")).toBe("/login");
  });
});

describe("describeSignInFailure", () => {
  it("says what went wrong in words", () => {
    expect(describeSignInFailure(401, null, "Invalid username or password")).toBe("Wrong username or password.");
    expect(describeSignInFailure(429, 42, undefined)).toMatch(/Too many sign-in attempts.*42 s/);
    expect(describeSignInFailure(429, null, undefined)).toMatch(/a minute/);
    expect(describeSignInFailure(429, 540, "Too many failed sign-ins for this user; try again in 9 min")).toBe("Too many failed sign-ins for this user; try again in 9 min.");
    expect(describeSignInFailure(403, null, "This account is disabled")).toMatch(/disabled/);
  });
});
