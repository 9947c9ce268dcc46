import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { auditLog, imageVersion } from "@/db/schema";
import { testActor } from "@/server/testing/actors";
import { ServiceError } from "../lib/errors";
import { decideImageVersion } from "./decide-image-version";
import { getImage } from "./get-image";
import type { ImageConfig } from "./image-config";
import { listImageVersions } from "./list-image-versions";
import { listPendingApprovals } from "./list-pending-approvals";
import { submitImageByUrl, submitImageUpload, type ImageMetadataInput } from "./submit-image-version";

const operator = testActor("operator", { id: "u-olga", name: "olga" });
const admin = testActor("admin", { id: "u-ada", name: "ada" });
const otherAdmin = testActor("admin", { id: "u-bert", name: "bert" });

const metadata: ImageMetadataInput = { imageName: "atlas-worker", version: "1.0", os: "Linux", osVersion: "AlmaLinux 9", arch: "x86_64", hypervisor: "kvm", diskFormat: "qcow2", contextMethod: "cloud-init", minCores: 2, minRamMb: 4096, releaseNotes: "first" };
const bytes = crypto.randomBytes(300_000);
const sha512 = crypto.createHash("sha512").update(bytes).digest("hex");
const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
const serve = (async () => new Response(bytes)) as unknown as typeof fetch;

async function errorOf(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof ServiceError) return error;
  throw new Error(`expected a ServiceError, got ${String(error)}`);
}

describe("image catalogue: submit and four-eyes approval", () => {
  let db: Db;
  let config: ImageConfig;

  beforeEach(async () => {
    db = await openTestDb();
    config = { dir: fs.mkdtempSync(path.join(os.tmpdir(), "images-")), maxBytes: 1_000_000, listLifetimeMs: 28 * 86_400_000 };
  });
  afterEach(async () => {
    await closeDb(db);
    fs.rmSync(config.dir, { recursive: true, force: true });
  });

  it("downloads by URL, computes size and both hashes, and lists the version as submitted", async () => {
    const result = await submitImageByUrl({ db, actor: operator, input: { ...metadata, sourceUri: "http://images.example/w.qcow2", expectedSha512: sha512 }, config, fetchImpl: serve });
    expect(result).toMatchObject({ sizeBytes: bytes.length, sha512, sha256 });
    const [file] = fs.readdirSync(config.dir);
    expect(fs.readFileSync(path.join(config.dir, file!)).equals(bytes)).toBe(true);
    const list = await listImageVersions({ db, input: { q: "atlas" } });
    expect(list.rows).toMatchObject([{ imageName: "atlas-worker", version: "1.0", state: "submitted", submittedByName: "olga", sizeBytes: bytes.length }]);
    expect(await db.select({ verb: auditLog.verb }).from(auditLog).all()).toEqual([{ verb: "images.submit" }]);
  });

  it("refuses a download whose checksum differs, naming both, and leaves no file behind", async () => {
    const wrong = "0".repeat(128);
    const error = await errorOf(submitImageByUrl({ db, actor: operator, input: { ...metadata, sourceUri: "http://images.example/w.qcow2", expectedSha512: wrong }, config, fetchImpl: serve }));
    expect(error.message).toContain(`expected ${wrong}, got ${sha512}`);
    expect(fs.readdirSync(config.dir)).toEqual([]);
    expect(await db.select().from(imageVersion).all()).toEqual([]);
  });

  it("refuses a failed download with its status", async () => {
    const notFound = (async () => new Response("gone", { status: 404 })) as unknown as typeof fetch;
    const error = await errorOf(submitImageByUrl({ db, actor: operator, input: { ...metadata, sourceUri: "http://images.example/x" }, config, fetchImpl: notFound }));
    expect(error.message).toBe("Download of http://images.example/x failed: HTTP 404");
  });

  it("stops an upload over the size limit and keeps nothing", async () => {
    const error = await errorOf(submitImageUpload({ db, actor: operator, metadata, body: Readable.from([bytes, bytes, bytes, bytes]), config }));
    expect(error.message).toMatch(/larger than the limit/);
    expect(fs.readdirSync(config.dir)).toEqual([]);
  });

  it("refuses self-approval, lets another admin approve with a reason, and shows it in the history", async () => {
    const admins = await submitImageUpload({ db, actor: admin, metadata, body: Readable.from([bytes]), config });
    const self = await errorOf(decideImageVersion({ db, actor: admin, input: { versionId: admins.versionId, decision: "approve", reason: "looks fine" } }));
    expect(self).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/submitted this version yourself/) });

    expect(await decideImageVersion({ db, actor: otherAdmin, input: { versionId: admins.versionId, decision: "approve", reason: "tested on CERN" } })).toEqual({ state: "approved" });
    const again = await errorOf(decideImageVersion({ db, actor: otherAdmin, input: { versionId: admins.versionId, decision: "reject", reason: "changed my mind" } }));
    expect(again.message).toMatch(/approved version cannot be rejected/);

    const { versions, history } = await getImage({ db, input: { imageId: admins.imageId } });
    expect(versions[0]).toMatchObject({ state: "approved", decidedByName: "bert", decisionReason: "tested on CERN" });
    expect(history.map((h) => [h.actorName, h.verb])).toEqual([
      ["bert", "images.approve"],
      ["ada", "images.submit"],
    ]);
  });

  it("shows what waits with the metadata diff against the previous version", async () => {
    const v1 = await submitImageUpload({ db, actor: operator, metadata, body: Readable.from([bytes]), config, now: new Date("2026-01-01T00:00:00Z") });
    await decideImageVersion({ db, actor: admin, input: { versionId: v1.versionId, decision: "approve", reason: "fine on CERN" } });
    await submitImageUpload({ db, actor: operator, metadata: { ...metadata, version: "1.1", osVersion: "AlmaLinux 9.4" }, body: Readable.from([bytes]), config, now: new Date("2026-01-02T00:00:00Z") });
    const pending = await listPendingApprovals({ db });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ version: { version: "1.1" }, previous: { version: "1.0" }, changes: [{ label: "OS version", before: "AlmaLinux 9", after: "AlmaLinux 9.4" }] });
  });

  it("refuses a second version with the same number", async () => {
    await submitImageUpload({ db, actor: operator, metadata, body: Readable.from([bytes]), config });
    const error = await errorOf(submitImageUpload({ db, actor: operator, metadata, body: Readable.from([bytes]), config }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "atlas-worker already has a version 1.0" });
    expect(fs.readdirSync(config.dir)).toHaveLength(1);
    expect(await db.select().from(imageVersion).where(eq(imageVersion.version, "1.0")).all()).toHaveLength(1);
  });
});
