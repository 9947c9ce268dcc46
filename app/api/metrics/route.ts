import { handleMetricsRequest } from "@/server/metrics/handle-metrics-request";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return handleMetricsRequest(request);
}
