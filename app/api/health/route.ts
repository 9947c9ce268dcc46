import { getDb } from "@/server/db";
import { getLatestHeartbeat } from "@/server/services/record-heartbeat";

export const dynamic = "force-dynamic";

/** A worker that has not beaten for this long is considered gone. */
const HEARTBEAT_FRESH_MS = 30_000;

export function GET(): Response {
  try {
    const beatAt = getLatestHeartbeat({ db: getDb() });
    const ageMs = beatAt ? Date.now() - beatAt.getTime() : null;
    const workerOk = ageMs !== null && ageMs < HEARTBEAT_FRESH_MS;
    return Response.json(
      { status: workerOk ? "ok" : "degraded", db: "ok", worker: { ok: workerOk, lastHeartbeatAt: beatAt?.toISOString() ?? null, ageMs } },
      { status: workerOk ? 200 : 503 },
    );
  } catch {
    return Response.json({ status: "down", db: "unreachable", worker: { ok: false } }, { status: 503 });
  }
}
