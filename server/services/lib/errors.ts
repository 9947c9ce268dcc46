/** Failures a service reports on purpose; server/trpc maps each code onto a TRPCError code. */
export const SERVICE_ERROR_CODES = ["NOT_FOUND", "BAD_REQUEST", "CONFLICT", "FORBIDDEN"] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
