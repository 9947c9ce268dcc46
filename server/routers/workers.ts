import { WORKER_FORGET_MS, WORKER_LIVE_MS } from "@/server/domain/worker-liveness";
import { listWorkers } from "@/server/services/work-leases";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const workersRouter = createRouter({
  /** Each worker with its heartbeat and what it holds (its clouds' polls, maintenance). */
  list: guardedProcedure("workers.read").query(({ ctx }) =>
    listWorkers({ db: ctx.db, input: { now: new Date(), liveWindowMs: WORKER_LIVE_MS, forgetAfterMs: WORKER_FORGET_MS } }),
  ),
});
