/**
 * What went wrong talking to a cloud, classified so the worker can decide without
 * knowing the provider: transient errors are retried with backoff, the others are not.
 */
export const CLOUD_ERROR_KINDS = [
  "timeout",
  "unreachable",
  "rate_limited",
  "server_error",
  "auth",
  "not_found",
  "quota",
  "bad_request",
  "malformed_reply",
] as const;
export type CloudErrorKind = (typeof CLOUD_ERROR_KINDS)[number];

const TRANSIENT: ReadonlySet<CloudErrorKind> = new Set(["timeout", "unreachable", "rate_limited", "server_error"]);

export class CloudApiError extends Error {
  readonly kind: CloudErrorKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(kind: CloudErrorKind, message: string, opts: { status?: number; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "CloudApiError";
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }
}

/** A reply that does not have the shape the protocol promises; the message names the field. */
export class MalformedReplyError extends CloudApiError {
  constructor(what: string, detail: string) {
    super("malformed_reply", `Malformed ${what}: ${detail}`);
    this.name = "MalformedReplyError";
  }
}

export function toCloudApiError(err: unknown): CloudApiError {
  if (err instanceof CloudApiError) return err;
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return new CloudApiError("timeout", "The cloud did not answer in time", { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CloudApiError("unreachable", `Cannot reach the cloud: ${message}`, { cause: err });
}
