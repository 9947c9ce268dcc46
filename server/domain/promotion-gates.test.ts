import { describe, expect, it } from "vitest";
import { evaluatePromotionGates, findPromotionRefusal, type PromotionFacts } from "./promotion-gates";

const ready: PromotionFacts = {
  label: "atlas-wn 2.3.1",
  state: "endorsed",
  channel: "testing",
  copies: [
    { cloudName: "CERN", status: "present", verified: true },
    { cloudName: "UVic", status: "failed", verified: false },
  ],
  bootedVms: 2,
};
const refusal = (f: Partial<PromotionFacts>) => findPromotionRefusal(ready.label, evaluatePromotionGates({ ...ready, ...f }));

describe("promotion gates", () => {
  it("all pass for an endorsed testing version verified wherever it is present and booted once", () => {
    expect(evaluatePromotionGates(ready).map((g) => [g.gate, g.passed])).toEqual([
      ["approved", true],
      ["endorsed", true],
      ["checksums", true],
      ["test_boot", true],
    ]);
    expect(refusal({})).toBeNull();
  });

  it("names each open gate with its reason", () => {
    expect(refusal({ bootedVms: 0 })).toBe("atlas-wn 2.3.1 cannot go to production: open gate: Test boot (no VM of this version has reached running yet)");
    expect(refusal({ copies: [{ cloudName: "CERN", status: "modified", verified: false }] })).toContain("Checksum verified on every cloud it is published to (not verified on CERN (modified))");
    expect(refusal({ copies: [] })).toContain("(published to no cloud yet)");
    const submitted = refusal({ state: "submitted", channel: null, copies: [], bootedVms: 0 });
    expect(submitted).toContain("open gates: Approved (the version is submitted); Endorsed into testing");
    expect(submitted).toContain("Test boot");
  });
});
