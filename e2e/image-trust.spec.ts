import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./fixtures";
import { ImagesPage } from "./pages/images-page";

/**
 * Issue 10 end to end: an operator uploads a version, an admin approves it and endorses it
 * into production, the served list verifies with the real openssl against the served trust
 * anchor and names the version; the admin revokes it and the re-issued list no longer holds it.
 */
test.describe.configure({ mode: "serial" });
test.use({ role: "operator" });

const DEMO_FILE = path.join(process.cwd(), "public", "demo-images", "cernvm-4-demo.raw");
const IMAGE = "atlas-e2e-worker";
const VERSION = `1.${Date.now() % 100_000}`;
const LABEL = `${IMAGE} ${VERSION}`;

/** GETs the production list and the anchor as a site's vmcatcher would (no session), and verifies with openssl. */
async function fetchVerifiedList(request: APIRequestContext): Promise<{ content: string; etag: string }> {
  const list = await request.get("/api/image-lists/production");
  expect(list.status()).toBe(200);
  const anchor = await request.get("/api/image-lists/trust-anchor.pem");
  expect(anchor.status()).toBe(200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-list-"));
  fs.writeFileSync(path.join(dir, "list"), await list.body());
  fs.writeFileSync(path.join(dir, "anchor.pem"), await anchor.body());
  const content = execFileSync("openssl", ["smime", "-verify", "-CAfile", path.join(dir, "anchor.pem"), "-in", path.join(dir, "list")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  fs.rmSync(dir, { recursive: true, force: true });
  return { content, etag: list.headers().etag! };
}

function listedVersions(content: string): string[] {
  const images = (JSON.parse(content) as { "hv:imagelist": { "hv:images": { "hv:image": { "dc:title": string; "hv:version": string } }[] } })["hv:imagelist"]["hv:images"];
  return images.map((i) => `${i["hv:image"]["dc:title"]} ${i["hv:image"]["hv:version"]}`);
}

test("an operator submits, an admin approves, endorses and revokes; the served list follows, signed", async ({ page, pageAs, playwright, baseURL }) => {
  // A subscribing site: no session at all.
  const request = await playwright.request.newContext({ baseURL });
  const operator = new ImagesPage(page);
  const imageId = await operator.submitByUpload({ imageName: IMAGE, version: VERSION, osVersion: "AlmaLinux 9", file: DEMO_FILE });
  await expect(operator.version(VERSION)).toContainText("submitted");
  await expect(operator.version(VERSION)).toContainText("262144 bytes");

  const before = await fetchVerifiedList(request);
  expect(listedVersions(before.content)).toContain("cernvm4 4.0.1");
  expect(listedVersions(before.content)).not.toContain(LABEL);
  // Subscribers polling an unchanged list get 304.
  expect((await request.get("/api/image-lists/production", { headers: { "if-none-match": before.etag } })).status()).toBe(304);

  const admin = new ImagesPage(await pageAs("admin"));
  await admin.approve(LABEL, "boots on CERN and RAL");
  await admin.openImage(imageId);
  await expect(admin.version(VERSION)).toContainText("approved");
  await admin.endorse(LABEL, "production");
  await expect(admin.version(VERSION)).toContainText("endorsed · production");

  const endorsed = await fetchVerifiedList(request);
  expect(listedVersions(endorsed.content)).toEqual(expect.arrayContaining(["cernvm4 4.0.1", LABEL]));
  expect(endorsed.etag).not.toBe(before.etag);

  await admin.revoke(VERSION, LABEL, "kernel CVE");
  await expect(admin.version(VERSION)).toContainText("revoked");
  await expect(admin.version(VERSION)).toContainText("kernel CVE");
  const revoked = await fetchVerifiedList(request);
  expect(listedVersions(revoked.content)).not.toContain(LABEL);
  expect(Number((JSON.parse(revoked.content) as { "hv:imagelist": { "hv:version": string } })["hv:imagelist"]["hv:version"])).toBeGreaterThan(Number((JSON.parse(endorsed.content) as { "hv:imagelist": { "hv:version": string } })["hv:imagelist"]["hv:version"]));
  await request.dispose();
});
