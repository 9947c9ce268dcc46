import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ServiceError, type ServiceErrorCode } from "@/server/services/lib/errors";

const TRPC_CODES: Record<ServiceErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
};

/** The one place a service's typed failure becomes a tRPC error code; anything else stays internal. */
export function mapServiceError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (!(cause instanceof ServiceError)) return error;
  return new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
}
