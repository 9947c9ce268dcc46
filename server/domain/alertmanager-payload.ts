import type { AlertSeverity, HealthSignal } from "./vocabulary";

/** What a webhook receiver is told about one alert at one transition. */
export interface NotifiedAlert {
  id: number;
  status: "firing" | "resolved";
  cloudName: string;
  signal: HealthSignal;
  severity: AlertSeverity;
  summary: string;
  runbookUrl: string | null;
  firedAt: Date;
  resolvedAt: Date | null;
}

/** Alertmanager's "zero" time: an alert still firing has no end. */
const NO_END = "0001-01-01T00:00:00Z";

/** "boot_failures" → "CloudscopeBootFailures": one alertname per signal, as Alertmanager rules name them. */
export function buildAlertName(signal: HealthSignal): string {
  return `Cloudscope${signal.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
}

/**
 * The body of an Alertmanager webhook (version 4), so any receiver that accepts
 * Alertmanager's (chat bridges, ticketing, on-call tools) takes cloudscope's unchanged.
 * One alert per notification: its group is the alert itself.
 */
export function buildAlertmanagerPayload(a: NotifiedAlert, { receiver, externalUrl }: { receiver: string; externalUrl: string }) {
  const labels = { alertname: buildAlertName(a.signal), cloud: a.cloudName, signal: a.signal, severity: a.severity };
  const annotations: Record<string, string> = { summary: a.summary, ...(a.runbookUrl ? { runbook_url: a.runbookUrl } : {}) };
  const groupLabels = { alertname: labels.alertname, cloud: labels.cloud };
  return {
    version: "4",
    groupKey: `{}:{alertname="${labels.alertname}", cloud=${JSON.stringify(labels.cloud)}}`,
    truncatedAlerts: 0,
    status: a.status,
    receiver,
    groupLabels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: externalUrl,
    alerts: [
      {
        status: a.status,
        labels,
        annotations,
        startsAt: a.firedAt.toISOString(),
        endsAt: a.resolvedAt ? a.resolvedAt.toISOString() : NO_END,
        generatorURL: `${externalUrl}/alerts`,
        fingerprint: a.id.toString(16).padStart(16, "0"),
      },
    ],
  };
}

/** Retries of a failed delivery: 10 s, 20 s, 40 s … up to an hour. */
export function computeDeliveryRetryMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
