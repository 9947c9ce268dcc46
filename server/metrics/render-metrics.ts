import { Gauge, Registry } from "prom-client";
import type { MetricsSnapshot } from "@/server/services/read-metrics";
import { ALERT_SEVERITIES, CLOUD_STATUSES } from "@/server/domain/vocabulary";

/**
 * The snapshot in the Prometheus text format. A fresh registry per scrape: every value is
 * read from the database, so two web processes never export different counts.
 */
export async function renderMetrics(snapshot: MetricsSnapshot): Promise<{ body: string; contentType: string }> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });

  const status = gauge("cloudscope_cloud_status", "1 for the cloud's current health status (unknown, up, degraded, down, disabled)", ["cloud", "status"]);
  for (const c of snapshot.clouds) for (const s of CLOUD_STATUSES) status.set({ cloud: c.cloud, status: s }, c.status === s ? 1 : 0);

  const vms = gauge("cloudscope_vms", "VMs by cloud and normalized state", ["cloud", "state"]);
  for (const v of snapshot.vms) vms.set({ cloud: v.cloud, state: v.state }, v.count);

  const latency = gauge("cloudscope_poll_latency_seconds", "Latency of the last poll of each cloud API", ["cloud", "resource"]);
  const failures = gauge("cloudscope_poll_consecutive_failures", "Failed polls in a row (0 when the last one answered)", ["cloud", "resource"]);
  for (const p of snapshot.polls) {
    if (p.latencyMs !== null) latency.set({ cloud: p.cloud, resource: p.resource }, p.latencyMs / 1000);
    failures.set({ cloud: p.cloud, resource: p.resource }, p.consecutiveFailures);
  }

  const pollErrors = gauge("cloudscope_poll_errors_last_hour", "Failed polls of each cloud within the last hour", ["cloud"]);
  for (const c of snapshot.clouds) pollErrors.set({ cloud: c.cloud }, 0);
  for (const e of snapshot.pollErrors) pollErrors.set({ cloud: e.cloud }, e.count);

  const actions = gauge("cloudscope_actions", "Actions by kind and status", ["kind", "status"]);
  for (const a of snapshot.actions) actions.set({ kind: a.kind, status: a.status }, a.count);

  const alerts = gauge("cloudscope_alerts_firing", "Alerts firing (not acknowledged) by severity", ["severity"]);
  for (const severity of ALERT_SEVERITIES) alerts.set({ severity }, snapshot.alertsFiring.find((a) => a.severity === severity)?.count ?? 0);

  return { body: await registry.metrics(), contentType: registry.contentType };
}
