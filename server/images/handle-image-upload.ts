import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { getActor } from "@/server/auth/auth";
import { isSameOriginRequest } from "@/server/auth/same-origin";
import { getDb } from "@/server/db";
import { imageMetadataInput, submitImageUpload } from "@/server/services/images/submit-image-version";
import { isAllowed, PERMISSIONS } from "@/server/trpc/permissions";
import { toErrorResponse } from "./service-response";

/**
 * POST /api/images/upload?imageName=…&version=…: the request body is the image file,
 * streamed to disk (never held whole in memory) and hashed on the way; the metadata rides
 * in the query string. The same guards as a tRPC mutation: same origin, signed in, role.
 */
export async function handleImageUpload(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request.headers)) return Response.json({ error: { message: "Cross-site request refused" } }, { status: 403 });
  const actor = await getActor(request.headers);
  if (!actor) return Response.json({ error: { message: "Sign in first" } }, { status: 401 });
  if (!isAllowed(actor.role, "images.submit")) {
    return Response.json({ error: { message: `Your role (${actor.role}) may not do this (images.submit needs ${PERMISSIONS["images.submit"]})` } }, { status: 403 });
  }
  if (!request.body) return Response.json({ error: { message: "The request has no file" } }, { status: 400 });
  try {
    const metadata = imageMetadataInput.parse(Object.fromEntries(new URL(request.url).searchParams));
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    return Response.json(await submitImageUpload({ db: getDb(), actor, metadata, body }), { status: 201 });
  } catch (error) {
    await request.body.cancel().catch(() => undefined);
    return toErrorResponse(error, "image upload");
  }
}
