import { engineOf } from "@/db/client";
import { getDb } from "@/server/db";
import { listWorkers } from "@/server/services/work-leases";
import { WORKER_FORGET_MS, WORKER_LIVE_MS } from "@/server/domain/worker-liveness";

export const dynamic = "force-dynamic";

/**
 * For load balancers and monitoring: 200 while the database answers and at least one
 * worker beats, else 503. Lists each worker with its heartbeat and what it holds.
 */
export async function GET(): Promise<Response> {
  try {
    const db = getDb();
    const now = new Date();
    const workers = await listWorkers({ db, input: { now, liveWindowMs: WORKER_LIVE_MS, forgetAfterMs: WORKER_FORGET_MS } });
    const latest = workers.reduce<Date | null>((max, w) => (max && max > w.beatAt ? max : w.beatAt), null);
    const workerOk = workers.some((w) => w.alive);
    return Response.json(
      {
        status: workerOk ? "ok" : "degraded",
        db: "ok",
        engine: engineOf(db),
        worker: { ok: workerOk, lastHeartbeatAt: latest?.toISOString() ?? null, ageMs: latest ? now.getTime() - latest.getTime() : null },
        workers: workers.map((w) => ({ id: w.id, alive: w.alive, beatAt: w.beatAt.toISOString(), clouds: w.cloudIds.length, maintenance: w.maintenance })),
      },
      { status: workerOk ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ status: "down", db: "unreachable", worker: { ok: false } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
