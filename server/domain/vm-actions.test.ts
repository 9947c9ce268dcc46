import { describe, expect, it } from "vitest";
import { canOfferDestroy, canOfferDrain } from "./vm-actions";

const fresh = { drainRequestedAt: null, destroyRequestedAt: null };
const at = new Date("2026-01-01T00:00:00Z");

describe("vm actions offered on a VM's page", () => {
  it("offers a drain only to a booting or running VM not already draining or being destroyed", () => {
    expect(canOfferDrain({ state: "running", ...fresh })).toBe(true);
    expect(canOfferDrain({ state: "booting", ...fresh })).toBe(true);
    expect(canOfferDrain({ state: "draining", ...fresh })).toBe(false);
    expect(canOfferDrain({ state: "error", ...fresh })).toBe(false);
    expect(canOfferDrain({ state: "running", drainRequestedAt: at, destroyRequestedAt: null })).toBe(false);
    expect(canOfferDrain({ state: "running", drainRequestedAt: null, destroyRequestedAt: at })).toBe(false);
  });

  it("offers a destroy to every VM still at its provider and not already being destroyed", () => {
    expect(canOfferDestroy({ state: "error", ...fresh })).toBe(true);
    expect(canOfferDestroy({ state: "draining", ...fresh })).toBe(true);
    expect(canOfferDestroy({ state: "terminated", ...fresh })).toBe(false);
    expect(canOfferDestroy({ state: "lost", ...fresh })).toBe(false);
    expect(canOfferDestroy({ state: "running", drainRequestedAt: null, destroyRequestedAt: at })).toBe(false);
  });
});
