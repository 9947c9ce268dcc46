import "server-only";
import fs from "node:fs";
import { Readable } from "node:stream";
import { getDb } from "@/server/db";
import { findPublishedImageFile } from "@/server/services/images/find-published-file";

/** GET /api/image-files/<dc:identifier>: an endorsed version's file, streamed, for list subscribers (no sign-in). */
export async function handleImageFileRequest(identifier: string): Promise<Response> {
  const found = /^[0-9a-f-]{36}$/i.test(identifier) ? await findPublishedImageFile({ db: getDb(), identifier }) : null;
  if (!found || !fs.existsSync(found.file)) return new Response("No published image has this identifier\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const body = Readable.toWeb(fs.createReadStream(found.file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { "content-type": "application/octet-stream", "content-length": String(found.sizeBytes), etag: `"${found.sha512.slice(0, 32)}"` } });
}
