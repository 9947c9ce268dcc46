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

  it("refuses what a browser would read as another host: control characters, backslashes", () => {
    // As /login?next=/%09/evil.example/ arrives once decoded: the browser drops the tab and goes to //evil.example/.
    for (const bad of ["/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example", "/\t\\evil.example/", "/\\/evil.example", "/x\\..\\..\\evil", "/\u0000/evil.example", "/\u007f/evil.example"]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });

  it("keeps only what resolves to the console's own origin, normalised", () => {
    expect(safeNextPath("/vms/../audit?x=1#top")).toBe("/audit?x=1#top");
    expect(safeNextPath("/./login")).toBe("/");
    expect(safeNextPath("/%2e%2e/api/trpc")).toBe("/");
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
    expect(describeSignInFailure(429, 30, "Too many failed sign-ins; try again in 30 s")).toBe("Too many failed sign-ins; try again in 30 s.");
    expect(describeSignInFailure(403, null, "This account is disabled")).toMatch(/disabled/);
  });
});
