import { CloudApiError, toCloudApiError } from "./errors";

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/** One HTTP exchange with a per-request timeout; network failures become CloudApiError. */
export async function sendRequest(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<HttpReply> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { ...init, signal: combined });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (timeout.aborted) throw new CloudApiError("timeout", `No answer from ${new URL(url).host} within ${timeoutMs} ms`, { cause: err });
    throw toCloudApiError(err);
  }
}

/** An upload may take the request timeout plus this long (at least 1 MB/s), so a large image is not cut off. */
export function uploadAllowanceMs(sizeBytes: number): number {
  return Math.ceil(sizeBytes / 1000);
}

/** Parses a JSON body, or reports which endpoint sent something that is not JSON. */
export function parseJsonBody(reply: HttpReply, what: string): unknown {
  try {
    return JSON.parse(reply.text);
  } catch {
    throw new CloudApiError("malformed_reply", `Malformed ${what}: body is not JSON (HTTP ${reply.status})`);
  }
}

/** Maps an HTTP status onto our error kinds; `message` is the provider's own words. */
export function errorFromStatus(status: number, message: string, retryAfter: string | null): CloudApiError {
  const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
  if (status === 401) return new CloudApiError("auth", message, { status });
  if (status === 404) return new CloudApiError("not_found", message, { status });
  if (status === 429) return new CloudApiError("rate_limited", message, { status, retryAfterMs });
  if (status === 413 || (status === 403 && /quota/i.test(message))) return new CloudApiError("quota", message, { status, retryAfterMs });
  if (status === 403) return new CloudApiError("auth", message, { status });
  if (status >= 500) return new CloudApiError("server_error", message, { status, retryAfterMs });
  return new CloudApiError("bad_request", message, { status });
}
