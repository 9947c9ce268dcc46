import "server-only";
import { getDb } from "@/server/db";
import { getTrustAnchor } from "@/server/services/images/endorser";
import { getServedImageList, getServedImageListEtag } from "@/server/services/images/issue-image-lists";

const CHANNELS = new Set(["production", "testing"]);

/**
 * GET /api/image-lists/{production,testing}: the stored signed list, as vmcatcher and
 * cloudkeeper subscribe to it, without sign-in; /api/image-lists/trust-anchor.pem: the CA.
 * If-None-Match answers 304 after reading the ETag alone.
 */
export async function handleImageListRequest(request: Request, name: string): Promise<Response> {
  const db = getDb();
  if (name === "trust-anchor.pem") {
    const pem = await getTrustAnchor(db);
    return pem ? new Response(pem, { headers: { "content-type": "application/x-pem-file", "cache-control": "no-cache" } }) : notFound("No endorser is installed yet");
  }
  if (!CHANNELS.has(name)) return notFound(`There is no image list ${name}: try production or testing`);
  const channel = name as "production" | "testing";
  const etag = await getServedImageListEtag(db, channel);
  if (!etag) return notFound(`The ${channel} list has not been issued yet`);
  if (request.headers.get("if-none-match")?.split(",").some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers: { etag, "cache-control": "no-cache" } });
  const list = await getServedImageList(db, channel);
  if (!list) return notFound(`The ${channel} list has not been issued yet`);
  return new Response(list.body, { headers: { "content-type": "text/plain; charset=utf-8", etag: list.etag, "cache-control": "no-cache" } });
}

function notFound(message: string): Response {
  return new Response(`${message}\n`, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
}
