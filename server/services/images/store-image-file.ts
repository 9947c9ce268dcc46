import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createImageHasher } from "@/server/images/image-hasher";
import { ServiceError } from "../lib/errors";

export interface StoredImageFile {
  fileName: string;
  sizeBytes: number;
  sha512: string;
  sha256: string;
}

export interface ExpectedChecksums {
  sha512?: string;
  sha256?: string;
}

/**
 * Streams `source` into the image directory while computing its size, SHA-512 and SHA-256,
 * under a temporary name renamed only once the hashes are known and match `expected`:
 * a crash or a refusal never leaves a half or wrong file under a real name.
 */
export async function storeImageFile({ source, dir, maxBytes, expected = {} }: { source: Readable | AsyncIterable<Uint8Array>; dir: string; maxBytes: number; expected?: ExpectedChecksums }): Promise<StoredImageFile> {
  await fs.promises.mkdir(dir, { recursive: true });
  const id = crypto.randomBytes(8).toString("hex");
  const partial = path.join(dir, `.partial-${id}`);
  const digester = createImageHasher();
  let sizeBytes = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) return done(new ServiceError("BAD_REQUEST", `The image is larger than the limit of ${formatMib(maxBytes)}`));
      digester.update(chunk).then(() => done(null, chunk), done);
    },
  });
  try {
    await pipeline(source, hasher, fs.createWriteStream(partial, { flags: "wx", mode: 0o640 }));
    const digests = await digester.digest();
    checkExpected(expected, digests, sizeBytes);
    const fileName = `${digests.sha256.slice(0, 16)}-${id}.img`;
    await fs.promises.rename(partial, path.join(dir, fileName));
    return { fileName, sizeBytes, ...digests };
  } catch (error) {
    digester.abort();
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}

function checkExpected(expected: ExpectedChecksums, actual: { sha512: string; sha256: string }, sizeBytes: number): void {
  for (const algorithm of ["sha512", "sha256"] as const) {
    const want = expected[algorithm]?.toLowerCase();
    if (want && want !== actual[algorithm]) {
      throw new ServiceError("BAD_REQUEST", `${algorithm === "sha512" ? "SHA-512" : "SHA-256"} mismatch: expected ${want}, got ${actual[algorithm]} (${sizeBytes} bytes received); nothing was kept`);
    }
  }
}

/** Removes a stored file whose catalogue row could not be written. */
export async function removeImageFile(dir: string, fileName: string): Promise<void> {
  await fs.promises.rm(path.join(dir, fileName), { force: true });
}

function formatMib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
