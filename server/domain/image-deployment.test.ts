import { describe, expect, it } from "vitest";
import { describeDeployment, findPublishRefusal, judgePublishedCopy } from "./image-deployment";

const SHA = "ab".repeat(64);

describe("judgePublishedCopy", () => {
  it("verifies a copy whose sha512 is the catalogue's, whatever the case", () => {
    expect(judgePublishedCopy(SHA, { hashAlgo: "SHA512", hashValue: SHA.toUpperCase() })).toEqual({ status: "present", verified: true, checksumSeen: `sha512:${SHA}`, message: null });
  });

  it("flags a copy whose sha512 differs as modified, naming both hashes", () => {
    const judged = judgePublishedCopy(SHA, { hashAlgo: "sha512", hashValue: "cd".repeat(64) });
    expect(judged.status).toBe("modified");
    expect(judged.message).toContain("cd".repeat(64));
    expect(judged.message).toContain(SHA);
  });

  it("leaves a copy unverified when the cloud uses another algorithm or reports none", () => {
    expect(judgePublishedCopy(SHA, { hashAlgo: "sha256", hashValue: "ef".repeat(32) })).toMatchObject({ status: "present", verified: false, message: expect.stringContaining("sha256") });
    expect(judgePublishedCopy(SHA, { hashAlgo: null, hashValue: null })).toMatchObject({ status: "present", verified: false, checksumSeen: null });
  });
});

describe("findPublishRefusal", () => {
  it("publishes approved and endorsed versions with a file, and refuses the others saying why", () => {
    expect(findPublishRefusal({ state: "approved", fileName: "f.qcow2", label: "wn 1" })).toBeNull();
    expect(findPublishRefusal({ state: "endorsed", fileName: "f.qcow2", label: "wn 1" })).toBeNull();
    expect(findPublishRefusal({ state: "revoked", fileName: "f.qcow2", label: "wn 1" })).toBe("wn 1 is revoked: only approved or endorsed versions are published");
    expect(findPublishRefusal({ state: "submitted", fileName: "f.qcow2", label: "wn 1" })).toContain("submitted");
    expect(findPublishRefusal({ state: "endorsed", fileName: null, label: "wn 1" })).toContain("no file");
  });
});

describe("describeDeployment", () => {
  const publishing = { status: "publishing" as const, message: null };

  it("shows how far a publish got: queued, uploading, waiting to retry with the cloud's words", () => {
    expect(describeDeployment({ ...publishing, item: { status: "queued", error: null, attempts: 0 } })).toEqual({ status: "publishing", detail: "queued" });
    expect(describeDeployment({ ...publishing, item: { status: "running", error: null, attempts: 1 } })).toEqual({ status: "publishing", detail: "uploading" });
    expect(describeDeployment({ ...publishing, item: { status: "queued", error: "503 Service Unavailable", attempts: 1 } }).detail).toBe("waiting to retry (attempt 2): 503 Service Unavailable");
  });

  it("never leaves a cell publishing once its publish ended without a copy", () => {
    expect(describeDeployment({ ...publishing, item: { status: "cancelled", error: null, attempts: 0 } })).toEqual({ status: "failed", detail: "The publish was cancelled" });
    expect(describeDeployment({ ...publishing, item: { status: "failed", error: "Not published: the file is missing", attempts: 0 } })).toEqual({ status: "failed", detail: "Not published: the file is missing" });
  });

  it("shows a recorded copy as recorded, with its words", () => {
    expect(describeDeployment({ status: "modified", message: "Checksum mismatch", item: { status: "failed", error: "Checksum mismatch", attempts: 1 } })).toEqual({ status: "modified", detail: "Checksum mismatch" });
  });
});
