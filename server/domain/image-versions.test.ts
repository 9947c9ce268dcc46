import { describe, expect, it } from "vitest";
import { checkFourEyes, decideImageTransition, describeCertificateExpiry, diffImageVersions, effectiveImageState, type ReviewedValues } from "./image-versions";

describe("image version transitions", () => {
  it("walks submitted → approved → endorsed → revoked", () => {
    expect(decideImageTransition("draft", "submit")).toEqual({ ok: true, to: "submitted" });
    expect(decideImageTransition("submitted", "approve")).toEqual({ ok: true, to: "approved" });
    expect(decideImageTransition("approved", "endorse")).toEqual({ ok: true, to: "endorsed" });
    expect(decideImageTransition("endorsed", "revoke")).toEqual({ ok: true, to: "revoked" });
    expect(decideImageTransition("endorsed", "expire")).toEqual({ ok: true, to: "expired" });
  });

  it("refuses to endorse what nobody approved, and to approve a version twice", () => {
    expect(decideImageTransition("submitted", "endorse")).toEqual({ ok: false, reason: "A submitted version cannot be endorsed: only approved or endorsed versions can" });
    expect(decideImageTransition("approved", "approve")).toMatchObject({ ok: false });
    expect(decideImageTransition("rejected", "endorse")).toMatchObject({ ok: false });
    expect(decideImageTransition("revoked", "endorse")).toMatchObject({ ok: false });
  });

  it("refuses the submitter as approver", () => {
    expect(checkFourEyes({ submittedById: "u1", deciderId: "u1" })).toMatch(/another admin/);
    expect(checkFourEyes({ submittedById: "u1", deciderId: "u2" })).toBeNull();
  });

  it("lists the fields that changed since the previous version", () => {
    const v1: ReviewedValues = { os: "Linux", osVersion: "EL9", arch: "x86_64", hypervisor: "kvm", diskFormat: "qcow2", sizeBytes: 10, sha512: "a", sourceUri: null, contextMethod: "cloud-init", minCores: 1, minRamMb: 2048, releaseNotes: "" };
    const changes = diffImageVersions(v1, { ...v1, osVersion: "EL9.4", sha512: "b" });
    expect(changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ["OS version", "EL9", "EL9.4"],
      ["SHA-512", "a", "b"],
    ]);
    expect(diffImageVersions(null, v1)).toHaveLength(12);
  });

  it("shows an endorsed version past its expiry as expired", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    expect(effectiveImageState("endorsed", new Date("2026-05-31T00:00:00Z"), now)).toBe("expired");
    expect(effectiveImageState("endorsed", new Date("2026-06-02T00:00:00Z"), now)).toBe("endorsed");
    expect(effectiveImageState("revoked", new Date("2026-05-31T00:00:00Z"), now)).toBe("revoked");
  });

  it("warns 30 days before a certificate expires", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    expect(describeCertificateExpiry(new Date("2026-08-01T00:00:00Z"), now).level).toBe("ok");
    expect(describeCertificateExpiry(new Date("2026-06-20T00:00:00Z"), now)).toEqual({ level: "warning", daysLeft: 19 });
    expect(describeCertificateExpiry(new Date("2026-05-20T00:00:00Z"), now).level).toBe("expired");
  });
});
