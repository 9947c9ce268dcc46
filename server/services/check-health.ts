import { engineOf, type Db, type Engine } from "@/db/client";
import { WORKER_FORGET_MS, WORKER_LIVE_MS } from "@/server/domain/worker-liveness";
import { listWorkers } from "./work-leases";

export interface HealthReport {
  /** "degraded": the database answers but no worker beats. */
  status: "ok" | "degraded";
  db: "ok";
  engine: Engine;
  worker: { ok: boolean; lastHeartbeatAt: string | null; ageMs: number | null };
  workers: Array<{ id: string; alive: boolean; beatAt: string; clouds: number; maintenance: boolean }>;
}

/** What a load balancer or monitor needs: does the database answer, does a worker beat, and who holds what. */
export async function checkHealth({ db, input }: { db: Db; input: { now: Date } }): Promise<HealthReport> {
  const { now } = input;
  const workers = await listWorkers({ db, input: { now, liveWindowMs: WORKER_LIVE_MS, forgetAfterMs: WORKER_FORGET_MS } });
  const latest = workers.reduce<Date | null>((max, w) => (max && max > w.beatAt ? max : w.beatAt), null);
  const workerOk = workers.some((w) => w.alive);
  return {
    status: workerOk ? "ok" : "degraded",
    db: "ok",
    engine: engineOf(db),
    worker: { ok: workerOk, lastHeartbeatAt: latest?.toISOString() ?? null, ageMs: latest ? now.getTime() - latest.getTime() : null },
    workers: workers.map((w) => ({ id: w.id, alive: w.alive, beatAt: w.beatAt.toISOString(), clouds: w.cloudIds.length, maintenance: w.maintenance })),
  };
}
