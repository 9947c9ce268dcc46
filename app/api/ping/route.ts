export const dynamic = "force-dynamic";

/** Liveness that touches nothing (no DB, no worker): also the bench's req/s ceiling. */
export function GET(): Response {
  return Response.json({ ok: true });
}
