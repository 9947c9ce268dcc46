/** What went wrong asking PanDA, in words the queue page shows as its poll status. */
export const PANDA_ERROR_KINDS = ["timeout", "unreachable", "http", "refused", "malformed_reply"] as const;
export type PandaErrorKind = (typeof PANDA_ERROR_KINDS)[number];

export class PandaApiError extends Error {
  constructor(
    readonly kind: PandaErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "PandaApiError";
  }
}
