import { describe, expect, it } from "vitest";
import type { VmImageVerdict } from "./classify-vm-image";
import { planVmImageClasses, type StoredVmImageClass } from "./plan-vm-image-classes";

const revoked: VmImageVerdict = { class: "revoked", versionId: 7, reason: "wn 7 is revoked", modified: null };
const unknown: VmImageVerdict = { class: "unknown", versionId: null, reason: "not in the catalogue", modified: null };
const stored = (id: number, imageRef: string | null, over: Partial<StoredVmImageClass> = {}): StoredVmImageClass => ({ id, imageRef, imageClass: null, imageVersionId: null, imageModified: null, ...over });

describe("planVmImageClasses", () => {
  it("writes only the rows whose classification changed, judging each image once", () => {
    const judged: Array<string | null> = [];
    const judge = (ref: string | null) => (judged.push(ref), ref === "img-7" ? revoked : unknown);
    const vms = [stored(1, "img-7", { imageClass: "production", imageVersionId: 7 }), stored(2, "img-7", { imageClass: "revoked", imageVersionId: 7 }), stored(3, null), stored(4, "img-x", { imageClass: "unknown" })];

    expect(planVmImageClasses(vms, judge)).toEqual([
      { id: 1, imageClass: "revoked", imageVersionId: 7, imageModified: null },
      { id: 3, imageClass: "unknown", imageVersionId: null, imageModified: null },
    ]);
    expect(judged).toEqual(["img-7", null, "img-x"]);
  });

  it("rewrites a row when the site's copy turns out modified", () => {
    const modified = { ...revoked, class: "production" as const, modified: "sha512 a vs b" };
    expect(planVmImageClasses([stored(1, "img-7", { imageClass: "production", imageVersionId: 7 })], () => modified)).toEqual([{ id: 1, imageClass: "production", imageVersionId: 7, imageModified: "sha512 a vs b" }]);
  });
});
