/** Who may scrape /api/metrics: a Prometheus with the bearer token, never a browser session. */
export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

export interface MetricsAccessInput {
  /** CLOUDSCOPE_METRICS_TOKEN; undefined when unset. */
  token: string | undefined;
  /** The request's Authorization header. */
  authorization: string | null;
  /** A configured installation (CLOUDSCOPE_CONFIG), not the loopback demo. */
  realInstallation: boolean;
}

export function decideMetricsAccess({ token, authorization, realInstallation }: MetricsAccessInput): MetricsAccess {
  if (token === undefined) {
    if (!realInstallation) return { allowed: true };
    return { allowed: false, status: 403, message: "Metrics are off: set CLOUDSCOPE_METRICS_TOKEN and give it to Prometheus as the scrape's bearer token" };
  }
  const offered = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
  if (offered !== undefined && equalInConstantTime(offered, token)) return { allowed: true };
  return { allowed: false, status: 401, message: "Send the metrics token as Authorization: Bearer <CLOUDSCOPE_METRICS_TOKEN>" };
}

/** Compares without stopping at the first difference, so timing tells nothing of the token. */
function equalInConstantTime(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
