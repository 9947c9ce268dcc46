import { describe, expect, it } from "vitest";
import { updateAlertRuleInput } from "./alert-inputs";

const valid = { signal: "boot_failures", threshold: 3, forSec: 60, severity: "warning" };

describe("alert rule input", () => {
  it.each([
    ["a negative threshold", { threshold: -1 }, "threshold: must not be negative"],
    ["an unknown signal", { signal: "vibes" }, "signal: expected one of reachability"],
    ["a 'for' of zero on a noisy signal", { signal: "reachability", forSec: 0 }, "forSec: reachability is noisy"],
    ["a runbook that is not a web address", { runbookUrl: "file:///etc/passwd" }, "runbookUrl: expected an http:// or https:// address"],
  ] as const)("refuses %s with a message naming the field", (_, over, message) => {
    const parsed = updateAlertRuleInput.safeParse({ ...valid, ...over });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join("\n")).toContain(message);
  });

  it("accepts a quiet signal firing at once", () => {
    expect(updateAlertRuleInput.parse({ ...valid, forSec: 0 })).toMatchObject({ forSec: 0, runbookUrl: null, enabled: true });
  });
});
