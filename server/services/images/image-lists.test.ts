import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { createCertificateAuthority, issueEndorserCertificate, type IssuedCertificate } from "@/server/images/x509";
import { testActor } from "@/server/testing/actors";
import { createCloud, createImageDeployment, createVm } from "@/server/testing/factories";
import { ServiceError } from "../lib/errors";
import { decideImageVersion } from "./decide-image-version";
import { endorseImageVersion, revokeImageVersion, type ListSigning } from "./endorse-image-version";
import { getEndorser, getTrustAnchor, installEndorser } from "./endorser";
import { findPublishedImageFile } from "./find-published-file";
import { getServedImageList, listImageListStatus, renewImageLists } from "./issue-image-lists";
import { submitImageUpload } from "./submit-image-version";

const operator = testActor("operator", { id: "u-olga", name: "olga" });
const admin = testActor("admin", { id: "u-ada", name: "ada" });
const secretKey = crypto.randomBytes(32);
const signing: ListSigning = { secretKey, lifetimeMs: 28 * 86_400_000, baseUrl: "https://cloudscope.example" };

let workDir: string;
let ca: IssuedCertificate;
let endorser: IssuedCertificate;
let stranger: IssuedCertificate;

/** The real openssl, as a site's vmcatcher would run it: exit status 0 and the content, or the error. */
function opensslVerify(message: string, anchorPem: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(workDir, "verify-"));
  fs.writeFileSync(path.join(dir, "list.smime"), message);
  fs.writeFileSync(path.join(dir, "anchor.pem"), anchorPem);
  try {
    return { ok: true, output: execFileSync("openssl", ["smime", "-verify", "-CAfile", path.join(dir, "anchor.pem"), "-in", path.join(dir, "list.smime")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "image-lists-"));
  ca = await createCertificateAuthority({ name: "C=CH, O=cloudscope test, CN=Test CA" });
  endorser = await issueEndorserCertificate({ ca, name: "C=CH, O=cloudscope test, CN=Release Manager, E=rm@example.org" });
  const otherCa = await createCertificateAuthority({ name: "C=XX, O=elsewhere, CN=Other CA" });
  stranger = await issueEndorserCertificate({ ca: otherCa, name: "C=XX, O=elsewhere, CN=Stranger" });
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe("signed image lists", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb();
  });
  afterEach(async () => {
    await closeDb(db);
  });

  async function approvedVersion(version: string): Promise<number> {
    const config = { dir: fs.mkdtempSync(path.join(workDir, "files-")), maxBytes: 1_000_000, listLifetimeMs: 1 };
    const { versionId } = await submitImageUpload({ db, actor: operator, metadata: { imageName: "atlas-worker", version, os: "Linux", osVersion: "AlmaLinux 9", arch: "x86_64", hypervisor: "kvm", diskFormat: "qcow2", contextMethod: "cloud-init" }, body: Readable.from([Buffer.from(`image ${version}`)]), config });
    await decideImageVersion({ db, actor: admin, input: { versionId, decision: "approve", reason: "tested" } });
    return versionId;
  }

  it("refuses a PEM that is not a certificate, a key of another certificate, and a CA that did not issue it", async () => {
    const install = (input: Parameters<typeof installEndorser>[0]["input"]) => installEndorser({ db, actor: admin, secretKey, input }).then(() => null, (e: unknown) => (e instanceof ServiceError ? e.message : e));
    expect(await install({ certPem: "hello", keyPem: endorser.keyPem, caPem: ca.certPem })).toMatch(/not a PEM certificate/);
    expect(await install({ certPem: endorser.certPem, keyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", caPem: ca.certPem })).toMatch(/not a PEM private key/);
    expect(await install({ certPem: endorser.certPem, keyPem: stranger.keyPem, caPem: ca.certPem })).toBe("The key does not match the certificate (their public keys differ)");
    expect(await install({ certPem: stranger.certPem, keyPem: stranger.keyPem, caPem: ca.certPem })).toMatch(/not issued by this CA/);
    expect(await getEndorser({ db })).toBeNull();
  });

  it("signs lists that the real openssl verifies against the served anchor, and re-issues them without a revoked version", async () => {
    await installEndorser({ db, actor: admin, secretKey, input: { certPem: endorser.certPem, keyPem: endorser.keyPem, caPem: ca.certPem } });
    expect(await getEndorser({ db })).toMatchObject({ subjectDn: "/C=CH/O=cloudscope test/CN=Release Manager/emailAddress=rm@example.org", issuerDn: "/C=CH/O=cloudscope test/CN=Test CA", keyKept: "sealed in the database", expiry: { level: "ok" } });
    const v1 = await approvedVersion("1.0");
    const endorsed = await endorseImageVersion({ db, actor: admin, input: { versionId: v1, channel: "production" }, signing, now: new Date("2026-03-01T00:00:00Z") });
    expect(endorsed.lists).toEqual([
      { channel: "testing", version: 1, images: 1 },
      { channel: "production", version: 1, images: 1 },
    ]);

    const served = (await getServedImageList(db, "production"))!;
    const anchor = (await getTrustAnchor(db))!;
    const verified = opensslVerify(served.body, anchor);
    expect(verified.ok, verified.output).toBe(true);
    const list = JSON.parse(verified.output)["hv:imagelist"];
    expect(list).toMatchObject({ "hv:version": "1", "dc:date:expires": "2026-03-29T00:00:00Z", "hv:endorser": { "hv:x509": { "hv:dn": "/C=CH/O=cloudscope test/CN=Release Manager/emailAddress=rm@example.org", "hv:ca": "/C=CH/O=cloudscope test/CN=Test CA" } } });
    expect(list["hv:images"].map((i: { "hv:image": Record<string, unknown> }) => [i["hv:image"]["dc:title"], i["hv:image"]["hv:version"]])).toEqual([["atlas-worker", "1.0"]]);

    const flipped = served.body.replace('"hv:version": "1.0"', '"hv:version": "1.1"');
    expect(flipped).not.toBe(served.body);
    expect(opensslVerify(flipped, anchor)).toMatchObject({ ok: false, output: expect.stringMatching(/digest failure|verification failure/i) });
    expect(opensslVerify(served.body, stranger.certPem).ok).toBe(false);

    const identifier = list["hv:images"][0]["hv:image"]["dc:identifier"] as string;
    expect(list["hv:images"][0]["hv:image"]["hv:uri"]).toBe(`https://cloudscope.example/api/image-files/${identifier}`);
    expect(await findPublishedImageFile({ db, identifier, dir: "/images" })).toMatchObject({ file: expect.stringMatching(/^\/images\/.+\.img$/), sizeBytes: 9 });

    await revokeImageVersion({ db, actor: admin, input: { versionId: v1, reason: "CVE in the kernel" }, signing });
    expect(await findPublishedImageFile({ db, identifier })).toBeNull();
    const reissued = (await getServedImageList(db, "production"))!;
    expect(reissued.etag).not.toBe(served.etag);
    const after = JSON.parse(opensslVerify(reissued.body, anchor).output)["hv:imagelist"];
    expect(after["hv:version"]).toBe("2");
    expect(after["hv:images"]).toEqual([]);
  });

  it("refuses to endorse without an endorser, and re-signs lists past half their lifetime", async () => {
    const v1 = await approvedVersion("1.0");
    const error = await endorseImageVersion({ db, actor: admin, input: { versionId: v1, channel: "testing" }, signing }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/No endorser is installed/) });

    await installEndorser({ db, actor: admin, secretKey, input: { certPem: endorser.certPem, keyPem: endorser.keyPem, caPem: ca.certPem } });
    const start = new Date("2026-03-01T00:00:00Z");
    await endorseImageVersion({ db, actor: admin, input: { versionId: v1, channel: "testing" }, signing, now: start });
    expect(await renewImageLists({ db, ...signing, now: new Date("2026-03-10T00:00:00Z") })).toEqual([]);
    expect((await renewImageLists({ db, ...signing, now: new Date("2026-03-16T00:00:00Z") })).sort()).toEqual(["production", "testing"]);
    const renewed = (await getServedImageList(db, "testing"))!;
    expect(renewed.expiresAt).toEqual(new Date("2026-04-13T00:00:00Z"));
  });

  it("signs with a key kept in a file on the server, and warns when a list is about to expire", async () => {
    const keyPath = path.join(workDir, "endorser.key");
    fs.writeFileSync(keyPath, endorser.keyPem, { mode: 0o600 });
    await installEndorser({ db, actor: admin, secretKey, input: { certPem: endorser.certPem, keyPath, caPem: ca.certPem } });
    expect(await getEndorser({ db })).toMatchObject({ keyKept: `in ${keyPath}` });
    const v1 = await approvedVersion("1.0");
    const issuedAt = new Date("2026-03-01T00:00:00Z");
    await endorseImageVersion({ db, actor: admin, input: { versionId: v1, channel: "production" }, signing, now: issuedAt });
    expect(opensslVerify((await getServedImageList(db, "production"))!.body, ca.certPem).ok).toBe(true);
    const standing = await listImageListStatus({ db, now: new Date("2026-03-27T00:00:00Z") });
    expect(standing.map((l) => [l.channel, l.expiringSoon, l.expired])).toEqual([
      ["production", true, false],
      ["testing", true, false],
    ]);
    expect((await listImageListStatus({ db, now: new Date("2026-03-30T00:00:00Z") }))[0]).toMatchObject({ expired: true });
  });

  it("promotes a testing version to production only once every gate is passed, naming the open ones, and re-issues the list with it", async () => {
    await installEndorser({ db, actor: admin, secretKey, input: { certPem: endorser.certPem, keyPem: endorser.keyPem, caPem: ca.certPem } });
    const v1 = await approvedVersion("1.0");
    await endorseImageVersion({ db, actor: admin, input: { versionId: v1, channel: "testing" }, signing });
    const promote = () => endorseImageVersion({ db, actor: admin, input: { versionId: v1, channel: "production" }, signing });
    const refused = await promote().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("atlas-worker 1.0 cannot go to production: open gates:") });
    expect((refused as Error).message).toContain("Checksum verified on every cloud it is published to (published to no cloud yet)");
    expect((refused as Error).message).toContain("Test boot (no VM of this version has reached running yet)");
    expect((refused as Error).message).not.toContain("Approved (");

    const cloudId = (await createCloud(db, { name: "CERN" })).id;
    await createImageDeployment(db, { versionId: v1, cloudId, providerImageId: "img-1", verifiedAt: new Date(0) });
    await createVm(db, { cloudId, imageVersionId: v1, runningAt: new Date(0) });
    const promoted = await promote();
    expect(promoted.lists).toContainEqual({ channel: "production", version: expect.any(Number), images: 1 });
    const production = JSON.parse(opensslVerify((await getServedImageList(db, "production"))!.body, ca.certPem).output)["hv:imagelist"];
    expect(production["hv:images"].map((i: { "hv:image": Record<string, unknown> }) => i["hv:image"]["hv:version"])).toEqual(["1.0"]);
  });
});
