import { describe, expect, it } from "vitest";
import { buildImageList, compareListVersions, isListDueForRenewal, parseImageList } from "./image-list";

const header = { identifier: "4e186b44-2c1c-42bb-8df7-39927c0bdbb6", title: "t", description: "d", source: "example.org", uri: "https://example.org/l", version: 7, createdAt: new Date("2026-01-01T10:00:00.123Z"), expiresAt: new Date("2026-01-29T10:00:00Z") };
const endorser = { dn: "/C=CH/CN=E", ca: "/C=CH/CN=CA", email: "e@example.org", creator: "E" };
const version = { identifier: "488dcdc4-0000-4000-8000-000000000001", imageName: "cernvm4", description: "", version: "4.0.1", uri: "https://example.org/i", sizeBytes: 262_144, sha512: "a".repeat(128), arch: "x86_64", os: "Linux", osVersion: "CernVM 4", hypervisor: "kvm", diskFormat: "raw", releaseNotes: "", minCores: 1, minRamMb: 2048 };

describe("HEPiX image lists", () => {
  it("builds the list vmcatcher reads, times to the second, and parses it back", () => {
    const list = buildImageList({ header, endorser, versions: [version] });
    expect(list["hv:imagelist"]).toMatchObject({ "dc:date:created": "2026-01-01T10:00:00Z", "hv:version": "7", "hv:endorser": { "hv:x509": { "hv:dn": "/C=CH/CN=E", "hv:ca": "/C=CH/CN=CA" } } });
    expect(list["hv:imagelist"]["hv:images"][0]!["hv:image"]).toMatchObject({ "dc:title": "cernvm4", "hv:size": 262_144, "sl:checksum:sha512": "a".repeat(128), "hv:version": "4.0.1" });
    const parsed = parseImageList(JSON.stringify(list));
    expect(parsed.ok && parsed.list["hv:images"]).toHaveLength(1);
  });

  it("names every bad field at once", () => {
    const list = buildImageList({ header, endorser, versions: [version] }) as { "hv:imagelist": Record<string, unknown> };
    delete list["hv:imagelist"]["hv:uri"];
    list["hv:imagelist"]["dc:date:created"] = "yesterday";
    expect(parseImageList(JSON.stringify(list))).toEqual({ ok: false, problems: ["hv:imagelist.dc:date:created: expected an ISO 8601 date and time", "hv:imagelist.hv:uri: required"] });
  });

  it("compares versions part by part", () => {
    expect(compareListVersions("1.10", "1.9")).toBe(1);
    expect(compareListVersions("4", "5")).toBe(-1);
    expect(compareListVersions("2.0", "2")).toBe(0);
  });

  it("re-signs a list once half its lifetime has passed", () => {
    const issuedAt = new Date("2026-01-01T00:00:00Z");
    const expiresAt = new Date("2026-01-29T00:00:00Z");
    expect(isListDueForRenewal({ issuedAt, expiresAt, now: new Date("2026-01-14T23:00:00Z") })).toBe(false);
    expect(isListDueForRenewal({ issuedAt, expiresAt, now: new Date("2026-01-15T00:00:00Z") })).toBe(true);
  });
});
