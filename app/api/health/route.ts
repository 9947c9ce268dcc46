import { getDb } from "@/server/db";
import { healthRouter } from "@/server/routers/health";
import { createCallerFactory } from "@/server/trpc/init";

export const dynamic = "force-dynamic";

const createCaller = createCallerFactory(healthRouter);

/**
 * For load balancers and monitoring: 200 while the database answers and at least one
 * worker beats, else 503. Lists each worker with its heartbeat and what it holds.
 */
export async function GET(): Promise<Response> {
  try {
    const report = await createCaller({ db: getDb(), actor: null }).get();
    return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "down", db: "unreachable", worker: { ok: false } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
