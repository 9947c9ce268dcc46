import "server-only";
import { readEnv } from "@/server/config/env";
import { getDb } from "@/server/db";
import { decideMetricsAccess } from "@/server/domain/metrics-access";
import { readMetrics } from "@/server/services/read-metrics";
import { renderMetrics } from "./render-metrics";

/** GET /api/metrics: for Prometheus, with the bearer token; never a browser session. */
export async function handleMetricsRequest(request: Request, now = new Date()): Promise<Response> {
  const env = readEnv();
  const access = decideMetricsAccess({ token: env.CLOUDSCOPE_METRICS_TOKEN, authorization: request.headers.get("authorization"), realInstallation: env.CLOUDSCOPE_CONFIG !== undefined });
  if (!access.allowed) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (access.status === 401) headers["www-authenticate"] = 'Bearer realm="cloudscope metrics"';
    return new Response(`${access.message}\n`, { status: access.status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  }
  const { body, contentType } = await renderMetrics(await readMetrics({ db: getDb(), input: { now } }));
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
