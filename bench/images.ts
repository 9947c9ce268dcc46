import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { image, imageVersion } from "@/db/schema";
import { buildImageList, type ListedVersion } from "@/server/domain/image-list";
import { signSmime } from "@/server/images/smime";
import { createCertificateAuthority, describeCertificate, issueEndorserCertificate, parseCertificatePem } from "@/server/images/x509";
import { installEndorser } from "@/server/services/images/endorser";
import { importImageList } from "@/server/services/images/import-image-list";
import { issueImageLists } from "@/server/services/images/issue-image-lists";
import { createImageHasher } from "@/server/images/image-hasher";
import { storeImageFile } from "@/server/services/images/store-image-file";
import { addTrustedEndorser } from "@/server/services/images/trusted-endorsers";
import { SYSTEM_ACTOR } from "@/server/services/lib/actor";
import { summarize, timeRuns, type Percentiles } from "./stats";

export const LIST_SIZE = 500;

export interface ImageFigures {
  signList: Percentiles;
  importList: Percentiles;
  /** MB/s of our streaming hash (SHA-512 + SHA-256), of the whole store (hashes + the copy written), and of sha512sum on the same file. */
  hashMbps: { ours: number; store: number; sha512sum: number } | null;
  listBytes: number;
}

const listed = (n: number): ListedVersion => ({ identifier: crypto.randomUUID(), imageName: `bench-image-${n % 50}`, description: "bench", version: `1.${n}`, uri: `https://bench.example/${n}.img`, sizeBytes: 2_147_483_648 + n, sha512: crypto.createHash("sha512").update(String(n)).digest("hex"), arch: "x86_64", os: "Linux", osVersion: "AlmaLinux 9", hypervisor: "kvm", diskFormat: "qcow2", releaseNotes: "release notes of a typical length, a line or two", minCores: 2, minRamMb: 4096 });

/** Builds and signs a 500-version production list; verifies and imports a signed 500-image list; hashes 1 GiB. */
export async function measureImages({ db, dir, hashBytes = 1024 ** 3 }: { db: Db; dir: string; hashBytes?: number }): Promise<ImageFigures> {
  {
    const secretKey = crypto.randomBytes(32);
    const ca = await createCertificateAuthority({ name: "C=CH, O=bench, CN=Bench CA" });
    const ours = await issueEndorserCertificate({ ca, name: "C=CH, O=bench, CN=Bench endorser" });
    await installEndorser({ db, actor: SYSTEM_ACTOR, secretKey, input: { certPem: ours.certPem, keyPem: ours.keyPem, caPem: ca.certPem } });
    const now = new Date();
    const imageIds = new Map<string, number>();
    for (let n = 0; n < LIST_SIZE; n++) {
      const v = listed(n);
      let imageId = imageIds.get(v.imageName);
      if (imageId === undefined) imageIds.set(v.imageName, (imageId = (await db.insert(image).values({ name: v.imageName, createdAt: now }).returning({ id: image.id }).get()).id));
      await db.insert(imageVersion).values({ imageId, version: v.version, identifier: v.identifier, state: "endorsed", channel: "production", os: v.os, osVersion: v.osVersion, arch: v.arch, hypervisor: v.hypervisor, diskFormat: v.diskFormat, sizeBytes: v.sizeBytes, sha512: v.sha512, sourceUri: v.uri, contextMethod: "cloud-init", releaseNotes: v.releaseNotes, submittedByName: "bench", submittedAt: now }).run();
    }
    const signing = { db, secretKey, lifetimeMs: 28 * 86_400_000, baseUrl: "https://bench.example" };
    const signList = await timeRuns(() => db.transaction((tx) => issueImageLists({ ...signing, db: tx }, ["production"])), { iterations: 40 });

    // Another endorser's list of 500 images, imported again and again (same hv:version: accepted, rows updated).
    const theirCa = await createCertificateAuthority({ name: "C=DE, O=bench, CN=Their CA" });
    const theirs = await issueEndorserCertificate({ ca: theirCa, name: "C=DE, O=bench, CN=Their endorser" });
    const theirDn = describeCertificate(parseCertificatePem(theirs.certPem)).subjectDn;
    await addTrustedEndorser({ db, actor: SYSTEM_ACTOR, input: { name: "theirs", caPem: theirCa.certPem, allowedDn: theirDn } });
    const list = buildImageList({
      header: { identifier: crypto.randomUUID(), title: "their images", description: "d", source: "their.example", uri: "https://their.example/l", version: 1, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) },
      endorser: { dn: theirDn, ca: describeCertificate(parseCertificatePem(theirCa.certPem)).subjectDn, email: "", creator: "them" },
      versions: Array.from({ length: LIST_SIZE }, (_, n) => ({ ...listed(n), imageName: `their-image-${n % 50}` })),
    });
    const signed = await signSmime({ content: JSON.stringify(list, null, 2), certPem: theirs.certPem, keyPem: theirs.keyPem });
    const importList = await timeRuns(() => importImageList({ db, actor: SYSTEM_ACTOR, input: { text: signed } }), { iterations: 20 });
    return { signList, importList, hashMbps: hashBytes > 0 ? await measureHashing(dir, hashBytes) : null, listBytes: Buffer.byteLength(signed) };
  }
}

/** Sequential conditional GETs of an unchanged resource (304s), timed one by one, in ms. */
export async function measureConditionalGets(url: string, { headers = {}, iterations = 300 }: { headers?: Record<string, string>; iterations?: number } = {}): Promise<Percentiles & { status: number }> {
  const first = await fetch(url, { headers });
  await first.arrayBuffer();
  const etag = first.headers.get("etag");
  if (!first.ok || !etag) throw new Error(`${url}: HTTP ${first.status}${etag ? "" : ", no ETag"}`);
  let status = 0;
  const timing = await timeRuns(
    async () => {
      const response = await fetch(url, { headers: { ...headers, "if-none-match": etag } });
      await response.arrayBuffer();
      status = response.status;
    },
    { iterations },
  );
  return { ...timing, status };
}

async function measureHashing(dir: string, bytes: number): Promise<{ ours: number; store: number; sha512sum: number }> {
  const file = path.join(dir, "hash-me.img");
  const chunk = crypto.randomBytes(16 * 1024 * 1024);
  const fd = fs.openSync(file, "w");
  for (let written = 0; written < bytes; written += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  fs.closeSync(fd);
  const store = path.join(dir, "hash-store");
  const oursMs: number[] = [];
  const storeMs: number[] = [];
  const theirsMs: number[] = [];
  // Alternated, so all see the same page cache and machine load.
  for (let i = 0; i < 3; i++) {
    let started = performance.now();
    const hasher = createImageHasher();
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) await hasher.update(chunk as Buffer);
    await hasher.digest();
    oursMs.push(performance.now() - started);
    started = performance.now();
    const stored = await storeImageFile({ source: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), dir: store, maxBytes: bytes });
    storeMs.push(performance.now() - started);
    fs.rmSync(path.join(store, stored.fileName));
    started = performance.now();
    execFileSync("sha512sum", [file]);
    theirsMs.push(performance.now() - started);
  }
  fs.rmSync(file);
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1_000);
  return { ours: mbps(summarize(oursMs).p50), store: mbps(summarize(storeMs).p50), sha512sum: mbps(summarize(theirsMs).p50) };
}
