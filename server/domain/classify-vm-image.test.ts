import { describe, expect, it } from "vitest";
import { classifyVmImage, indexCatalogue, type CatalogueVersion, type VmImageFacts } from "./classify-vm-image";

const PROPERTY = "cloudscope_version_id";
const NOW = new Date("2026-12-03T12:00:00Z");
const sha = (c: string) => c.repeat(128);

function version(id: number, overrides: Partial<CatalogueVersion>): CatalogueVersion {
  return { id, identifier: `uuid-${id}`, label: `wn ${id}.0`, state: "endorsed", channel: "production", expiresAt: null, sha512: sha(String(id)), ...overrides };
}

const catalogue = indexCatalogue(
  [
    version(1, {}),
    version(2, { channel: "testing" }),
    version(3, { state: "revoked", channel: null }),
    version(4, { expiresAt: new Date("2026-12-01T00:00:00Z") }),
    version(5, { state: "submitted", channel: null }),
    version(6, { state: "approved", channel: null }),
  ],
  [
    { cloudId: 1, providerImageId: "glance-1", versionId: 1, checksumSeen: `sha512:${sha("1")}` },
    { cloudId: 1, providerImageId: "glance-3", versionId: 3, checksumSeen: `sha512:${sha("3")}` },
    { cloudId: 2, providerImageId: "ami-1", versionId: 1, checksumSeen: `sha512:${sha("f")}` },
  ],
);

const vm = (facts: Partial<VmImageFacts>): VmImageFacts => ({ cloudId: 1, imageRef: null, ...facts });

describe("classifyVmImage", () => {
  it.each([
    ["a copy we published of a production version", vm({ imageRef: "glance-1" }), "production", 1],
    ["an image carrying a testing version's identifier", vm({ imageRef: "other", properties: { [PROPERTY]: "uuid-2" } }), "testing", 2],
    ["a copy of a revoked version", vm({ imageRef: "glance-3" }), "revoked", 3],
    ["an image whose checksum is an expired version's", vm({ imageRef: "x", checksum: `sha512:${sha("4")}` }), "expired", 4],
    ["a known image never approved", vm({ imageRef: "x", properties: { [PROPERTY]: "uuid-5" } }), "unapproved", 5],
    ["an approved version not yet on a list", vm({ imageRef: "x", properties: { [PROPERTY]: "uuid-6" } }), "testing", 6],
    ["an image the catalogue does not hold", vm({ imageRef: "ubuntu-22.04", checksum: `sha512:${sha("9")}` }), "unknown", null],
    ["a VM whose cloud names no image", vm({}), "unknown", null],
  ])("classifies %s", (_, facts, cls, versionId) => {
    expect(classifyVmImage(facts, catalogue, PROPERTY, NOW)).toMatchObject({ class: cls, versionId, modified: null });
  });

  it("matches by the cloud's image id only on that cloud", () => {
    expect(classifyVmImage(vm({ cloudId: 3, imageRef: "glance-1" }), catalogue, PROPERTY, NOW).class).toBe("unknown");
  });

  it("flags a site copy whose checksum differs from the catalogue's, naming both hashes, and keeps its class", () => {
    const verdict = classifyVmImage(vm({ cloudId: 2, imageRef: "ami-1" }), catalogue, PROPERTY, NOW);
    expect(verdict).toMatchObject({ class: "production", versionId: 1, reason: "wn 1.0 is endorsed into production; modified at the site" });
    expect(verdict.modified).toBe(`The site's copy has sha512 ${sha("f")}, the catalogue's wn 1.0 has sha512 ${sha("1")}`);
  });

  it("says why a version is what it is", () => {
    expect(classifyVmImage(vm({ imageRef: "glance-3" }), catalogue, PROPERTY, NOW).reason).toBe("wn 3.0 is revoked");
    expect(classifyVmImage(vm({ imageRef: "ubuntu" }), catalogue, PROPERTY, NOW).reason).toBe("Image ubuntu is not in the catalogue");
  });
});
