import { describe, expect, it } from "vitest";
import { decideTokenRole, readBearerToken, refuseNewToken } from "./api-token-rules";

const secret = `cst_${"a".repeat(43)}`;
const now = new Date("2026-01-01T00:00:00Z");
const later = new Date("2026-02-01T00:00:00Z");

describe("API token rules", () => {
  it("reads only a well-formed bearer token", () => {
    expect(readBearerToken(null)).toBeNull();
    expect(readBearerToken(`Bearer ${secret}`)).toBe(secret);
    expect(readBearerToken(`Basic ${secret}`)).toBe("malformed");
    expect(readBearerToken("Bearer abc")).toBe("malformed");
  });

  it("caps a new token's scope at the owner's role and its life at the maximum", () => {
    expect(refuseNewToken("operator", "admin", 30)).toMatch(/cannot exceed/);
    expect(refuseNewToken("operator", "shifter", 400)).toMatch(/1 to 365 days/);
    expect(refuseNewToken("operator", "operator", 365)).toBeNull();
  });

  it("acts with the lower of scope and owner's role, and never once revoked, expired or disabled", () => {
    const token = { scope: "admin" as const, expiresAt: later, revokedAt: null, ownerRole: "operator" as const, ownerDisabled: false };
    expect(decideTokenRole(token, now)).toBe("operator");
    expect(decideTokenRole({ ...token, scope: "shifter" }, now)).toBe("shifter");
    expect(decideTokenRole(token, later)).toBeNull();
    expect(decideTokenRole({ ...token, revokedAt: now }, now)).toBeNull();
    expect(decideTokenRole({ ...token, ownerDisabled: true }, now)).toBeNull();
  });
});
