import crypto from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog, imageVersion, importedList } from "@/db/schema";
import { buildImageList, type ListedVersion } from "@/server/domain/image-list";
import { signSmime } from "@/server/images/smime";
import { createCertificateAuthority, describeCertificate, issueEndorserCertificate, parseCertificatePem, type IssuedCertificate } from "@/server/images/x509";
import { testActor } from "@/server/testing/actors";
import { ServiceError } from "../lib/errors";
import { importImageList } from "./import-image-list";
import { listImageVersions } from "./list-image-versions";
import { addTrustedEndorser, listImportedLists } from "./trusted-endorsers";

const admin = testActor("admin", { id: "u-ada", name: "ada" });
const NOW = new Date("2026-06-01T12:00:00Z");
const LIST_ID = "4e186b44-2c1c-42bb-8df7-39927c0bdbb6";

let ca: IssuedCertificate;
let desy: IssuedCertificate;
let desyDn: string;
let caDn: string;
let impostor: IssuedCertificate;
let stranger: IssuedCertificate;
let expired: IssuedCertificate;

const image = (n: number): ListedVersion => ({
  identifier: `488dcdc4-0000-4000-8000-${String(n).padStart(12, "0")}`,
  imageName: `desy-wn-${n}`,
  description: "DESY worker node",
  version: `1.${n}`,
  uri: `https://desy.example/images/${n}.img`,
  sizeBytes: 2_147_483_648,
  sha512: "8b4c".padEnd(128, "0"),
  arch: "x86_64",
  os: "Linux",
  osVersion: "SL 5.5",
  hypervisor: "kvm",
  diskFormat: "qcow2",
  releaseNotes: "",
  minCores: 1,
  minRamMb: 2048,
});

function listJson({ version = 1, dn = desyDn, issuer = caDn, expiresAt = new Date("2026-06-29T00:00:00Z"), images = [image(1), image(2)] } = {}) {
  return buildImageList({
    header: { identifier: LIST_ID, title: "DESY images", description: "d", source: "desy.example", uri: "https://desy.example/list", version, createdAt: new Date("2026-05-30T00:00:00Z"), expiresAt },
    endorser: { dn, ca: issuer, email: "n@desy.example", creator: "N" },
    versions: images,
  });
}

const sign = (content: unknown, by: IssuedCertificate = desy) => signSmime({ content: typeof content === "string" ? content : JSON.stringify(content, null, 2), certPem: by.certPem, keyPem: by.keyPem, now: NOW });

beforeAll(async () => {
  ca = await createCertificateAuthority({ name: "C=DE, O=GermanGrid, CN=GridKa-CA", notBefore: new Date("2024-01-01T00:00:00Z") });
  desy = await issueEndorserCertificate({ ca, name: "C=DE, O=GermanGrid, OU=DESY, CN=N", notBefore: new Date("2026-01-01T00:00:00Z") });
  desyDn = describeCertificate(parseCertificatePem(desy.certPem)).subjectDn;
  caDn = describeCertificate(parseCertificatePem(ca.certPem)).subjectDn;
  impostor = await issueEndorserCertificate({ ca, name: "C=DE, O=GermanGrid, OU=DESY, CN=Someone Else", notBefore: new Date("2026-01-01T00:00:00Z") });
  const otherCa = await createCertificateAuthority({ name: "C=DE, O=GermanGrid, CN=GridKa-CA", notBefore: new Date("2024-01-01T00:00:00Z") });
  stranger = await issueEndorserCertificate({ ca: otherCa, name: "C=DE, O=GermanGrid, OU=DESY, CN=N", notBefore: new Date("2026-01-01T00:00:00Z") });
  expired = await issueEndorserCertificate({ ca, name: "C=DE, O=GermanGrid, OU=DESY, CN=N", notBefore: new Date("2025-01-01T00:00:00Z"), days: 365 });
});

describe("importing signed image lists", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb();
    await addTrustedEndorser({ db, actor: admin, input: { name: "DESY", caPem: ca.certPem, allowedDn: desyDn } });
  });
  afterEach(async () => {
    await closeDb(db);
  });

  const run = (text: string) => importImageList({ db, actor: admin, input: { text }, now: NOW });
  async function refusal(text: string | Promise<string>): Promise<string> {
    const auditBefore = (await db.select().from(auditLog).all()).length;
    const error = await run(await text).then(() => null, (e: unknown) => e);
    if (!(error instanceof ServiceError)) throw new Error(`expected a refusal, got ${String(error)}`);
    expect(await db.select().from(imageVersion).all(), "nothing written").toEqual([]);
    expect(await db.select().from(importedList).all()).toEqual([]);
    expect((await db.select().from(auditLog).all()).length).toBe(auditBefore);
    return error.message;
  }

  it("accepts a list signed by a trusted endorser: its images become external versions marked with the endorser", async () => {
    expect(await run(await sign(listJson()))).toMatchObject({ identifier: LIST_ID, version: "1", endorserDn: "/C=DE/O=GermanGrid/OU=DESY/CN=N", added: 2 });
    const { rows } = await listImageVersions({ db, input: { origin: "external" }, now: NOW });
    expect(rows.map((r) => [r.imageName, r.version, r.state, r.endorserDn]).sort()).toEqual([
      ["desy-wn-1", "1.1", "endorsed", desyDn],
      ["desy-wn-2", "1.2", "endorsed", desyDn],
    ]);
    expect((await listImageVersions({ db, input: { origin: "external" }, now: new Date("2026-07-01T00:00:00Z") })).rows.map((r) => r.state)).toEqual(["expired", "expired"]);
    // v2 drops an image: it loses its endorsement.
    expect(await run(await sign(listJson({ version: 2, images: [image(1)] })))).toMatchObject({ updated: 1, dropped: 1 });
  });

  it("refuses malformed lists, naming what is wrong", async () => {
    expect(await refusal(sign("this is not json"))).toMatch(/^The list is malformed: Not JSON/);
    expect(await refusal(sign({ imagelist: {} }))).toBe('The list is malformed: Not an image list: there is no "hv:imagelist" object');
    const missing = listJson();
    delete (missing["hv:imagelist"] as Partial<(typeof missing)["hv:imagelist"]>)["dc:title"];
    expect(await refusal(sign(missing))).toBe("The list is malformed: hv:imagelist.dc:title: required");
    const badUuid = listJson({ images: [{ ...image(1), identifier: "not-a-uuid" }] });
    expect(await refusal(sign(badUuid))).toBe("The list is malformed: hv:imagelist.hv:images[0].hv:image.dc:identifier: expected a UUID");
    const badSize = listJson();
    (badSize["hv:imagelist"]["hv:images"][1]!["hv:image"] as Record<string, unknown>)["hv:size"] = "2 GB";
    expect(await refusal(sign(badSize))).toBe("The list is malformed: hv:imagelist.hv:images[1].hv:image.hv:size: expected a number of bytes");
    const shortSum = listJson({ images: [{ ...image(1), sha512: "abc123" }] });
    expect(await refusal(sign(shortSum))).toBe("The list is malformed: hv:imagelist.hv:images[0].hv:image.sl:checksum:sha512: expected 128 hexadecimal characters (SHA-512)");
  });

  it("refuses 100 MB of garbage without reading it", async () => {
    expect(await refusal("x".repeat(100 * 1024 * 1024))).toMatch(/over the limit of/);
  });

  it("refuses an unsigned list", async () => {
    expect(await refusal(JSON.stringify(listJson()))).toMatch(/not signed/);
  });

  it("refuses a list changed by one byte after signing, and a signature that is not PKCS#7", async () => {
    const signed = await sign(listJson());
    expect(await refusal(signed.replace('"hv:size": 2147483648', '"hv:size": 2147483649'))).toMatch(/^Validation failed \(11\): The signature does not verify/);
    expect(await refusal(signed.replace(/smime.p7s"\r\n\r\n[A-Za-z0-9+/]{8}/, 'smime.p7s"\r\n\r\nAAAAAAAA'))).toMatch(/^Validation failed \(11\)/);
  });

  it("refuses a signer outside the trusted CAs, one not allowed, an expired one, and a DN mismatch", async () => {
    expect(await refusal(sign(listJson(), stranger))).toMatch(/^Trust anchor missing \(14\): The signer \/C=DE\/O=GermanGrid\/OU=DESY\/CN=N .* does not chain to a trusted CA/);
    const impostorDn = describeCertificate(parseCertificatePem(impostor.certPem)).subjectDn;
    expect(await refusal(sign(listJson({ dn: impostorDn }), impostor))).toBe(`Endorser not authorised (13): no trusted endorser allows ${impostorDn}`);
    expect(await refusal(sign(listJson(), expired))).toMatch(/^Validation failed \(11\): The signer's certificate .* is valid from 2025-01-01T00:00:00.000Z to 2026-01-01T00:00:00.000Z, not now/);
    expect(await refusal(sign(listJson(), impostor))).toBe(`Metadata does not match the certificate (12): hv:dn is ${desyDn} but the list is signed by ${impostorDn}`);
    expect(await refusal(sign(listJson({ issuer: "/C=DE/O=Elsewhere/CN=CA" })))).toBe(`Metadata does not match the certificate (12): hv:ca is /C=DE/O=Elsewhere/CN=CA but the signer's issuer is ${caDn}`);
  });

  it("refuses an expired list and a lower hv:version", async () => {
    expect(await refusal(sign(listJson({ expiresAt: new Date("2026-05-31T00:00:00Z") })))).toBe("The list expired at 2026-05-31T00:00:00Z");
    await run(await sign(listJson({ version: 5 })));
    const error = await run(await sign(listJson({ version: 4 }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "Version lower (17): hv:version 4 is lower than 5, the last accepted from this list" });
    expect(await listImportedLists({ db, now: NOW })).toMatchObject([{ title: "DESY images", version: "5", expired: false }]);
    expect(await listImportedLists({ db, now: new Date("2026-06-29T00:00:00Z") })).toMatchObject([{ expired: true }]);
  });

  it("accepts a list fetched by URL, and refuses a failed download", async () => {
    const body = await sign(listJson());
    expect(await importImageList({ db, actor: admin, input: { url: "https://desy.example/list" }, fetchImpl: (async () => new Response(body)) as unknown as typeof fetch, now: NOW })).toMatchObject({ added: 2 });
    const error = await importImageList({ db, actor: admin, input: { url: "https://desy.example/gone" }, fetchImpl: (async () => new Response("", { status: 404 })) as unknown as typeof fetch, now: NOW }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "Download failed (10): https://desy.example/gone answered HTTP 404" });
  });

  it("refuses a trusted endorser whose CA is not a certificate", async () => {
    const error = await addTrustedEndorser({ db, actor: admin, input: { name: "junk", caPem: "hello", allowedDn: "/CN=x" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not a PEM certificate/) });
  });

  it("round trip: our own signed list imports where its endorser is trusted", async () => {
    const id = crypto.randomUUID();
    const ours = buildImageList({ header: { identifier: id, title: "ours", description: "d", source: "x", uri: "https://x/l", version: 3, createdAt: NOW, expiresAt: new Date("2026-07-01T00:00:00Z") }, endorser: { dn: desyDn, ca: caDn, email: "", creator: "N" }, versions: [image(7)] });
    expect(await run(await sign(ours))).toMatchObject({ identifier: id, version: "3", added: 1 });
  });
});
