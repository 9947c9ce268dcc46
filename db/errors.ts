import { DrizzleQueryError } from "drizzle-orm/errors";

/**
 * A failure of our own database (busy, connection lost, serialization conflict): never a
 * cloud's failure, so callers that talk to clouds must not record it as one.
 */
export class LocalDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LocalDatabaseError";
  }
}

export function isLocalDatabaseError(error: unknown): boolean {
  return error instanceof LocalDatabaseError || error instanceof DrizzleQueryError;
}

/** The driver's error code (SQLITE_BUSY, 40001, …) anywhere in the cause chain. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
