import { describe, expect, it } from "vitest";
import { parseStoredActionParams } from "./action-params";

describe("parseStoredActionParams", () => {
  const launch = { cloudId: 1, imageId: "img-1", flavorId: "m1.large", queue: "CERN-PROD", count: 2, cloudName: "CERN", imageName: "CernVM", flavorName: "m1.large" };

  it("reads each kind's stored params", () => {
    expect(parseStoredActionParams("launch", JSON.stringify({ ...launch, retryOf: 7 }))).toEqual({ ok: true, value: { kind: "launch", params: { ...launch, retryOf: 7 } } });
    const drain = { vmIds: [3], deadlineHours: 24, drainDeadlineAt: "2026-03-02T12:00:00.000Z", skipped: [] };
    expect(parseStoredActionParams("drain", JSON.stringify(drain))).toEqual({ ok: true, value: { kind: "drain", params: drain } });
    expect(parseStoredActionParams("destroy", JSON.stringify({ vmIds: [3], reason: "1 finished draining" }))).toEqual({
      ok: true,
      value: { kind: "destroy", params: { vmIds: [3], reason: "1 finished draining", skipped: [] } },
    });
  });

  it("names the field that is wrong, and refuses text that is not JSON", () => {
    const { flavorId: _, ...noFlavor } = launch;
    const missing = parseStoredActionParams("launch", JSON.stringify(noFlavor));
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toMatch(/launch parameters are malformed at "flavorId"/);
    expect(parseStoredActionParams("drain", "{oops")).toEqual({ ok: false, error: "the stored drain parameters are not JSON" });
  });
});
