import { describe, expect, it } from "vitest";
import { launchInput } from "@/server/domain/action-params";
import { describeLaunchBlock, launchFingerprint, parseCount, validateLaunchForm, type LaunchForm } from "./launch-form";

const valid: LaunchForm = { imageId: "img-1", flavorId: "m1.large", queue: "CERN-PROD_MCORE", count: "3" };

describe("launch form validation", () => {
  it("accepts a complete form, which the server's schema accepts too", () => {
    expect(validateLaunchForm(valid)).toEqual({});
    const request = { cloudId: 1, ...valid, queue: valid.queue.trim(), count: parseCount(valid.count), idempotencyKey: crypto.randomUUID() };
    expect(launchInput.safeParse(request).success).toBe(true);
  });

  it("explains each missing field", () => {
    expect(validateLaunchForm({ imageId: "", flavorId: "", queue: " ", count: "" })).toEqual({
      imageId: "Choose an image",
      flavorId: "Choose a flavor",
      queue: "Name the PanDA queue",
      count: "Say how many VMs (1 to 500)",
    });
  });

  it("keeps the count between 1 and 500 and whole", () => {
    expect(validateLaunchForm({ ...valid, count: "0" }).count).toBe("Launch at least 1 VM");
    expect(validateLaunchForm({ ...valid, count: "501" }).count).toBe("Launch at most 500 VMs at once");
    expect(validateLaunchForm({ ...valid, count: "2.5" }).count).toBe("A whole number of VMs, 1 to 500");
    expect(validateLaunchForm({ ...valid, count: "500" }).count).toBeUndefined();
    expect(parseCount("abc")).toBeNaN();
  });

  it("refuses queue names the server would refuse", () => {
    expect(validateLaunchForm({ ...valid, queue: "CERN PROD" }).queue).toMatch(/letters, digits/);
    expect(launchInput.safeParse({ cloudId: 1, ...valid, queue: "CERN PROD", count: 1, idempotencyKey: crypto.randomUUID() }).success).toBe(false);
  });

  it("fingerprints what the request asks for, not how it was typed", () => {
    expect(launchFingerprint(1, valid)).toBe(launchFingerprint(1, { ...valid, count: " 3 ", queue: " CERN-PROD_MCORE" }));
    expect(launchFingerprint(1, valid)).not.toBe(launchFingerprint(1, { ...valid, count: "4" }));
    expect(launchFingerprint(1, valid)).not.toBe(launchFingerprint(2, valid));
  });
});

describe("why a cloud takes no launches", () => {
  const up = { name: "cern", enabled: true, paused: false, operatorReason: null, status: "up", statusReason: null };

  it("lets a healthy, enabled, running cloud launch", () => {
    expect(describeLaunchBlock(up)).toBeNull();
    expect(describeLaunchBlock({ ...up, status: "degraded" })).toBeNull();
  });

  it("names disabled, paused and down with the reason given", () => {
    expect(describeLaunchBlock({ ...up, enabled: false, operatorReason: "decommissioning" })).toBe(
      "cern is disabled: decommissioning. It takes no launches until an operator enables it.",
    );
    expect(describeLaunchBlock({ ...up, paused: true, operatorReason: "kernel update" })).toMatch(/^cern is paused: kernel update\. .*resumes it/);
    expect(describeLaunchBlock({ ...up, status: "down", statusReason: "Keystone timeout" })).toMatch(/down \(Keystone timeout\)/);
  });
});
