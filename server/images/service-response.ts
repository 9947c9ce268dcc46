import { ZodError } from "zod";
import { ServiceError, type ServiceErrorCode } from "@/server/services/lib/errors";

const STATUS: Record<ServiceErrorCode, number> = { NOT_FOUND: 404, BAD_REQUEST: 400, CONFLICT: 409, FORBIDDEN: 403 };

/** A route handler's failure as JSON `{ error: { message } }`: typed errors keep their words, anything else is logged. */
export function toErrorResponse(error: unknown, what: string): Response {
  if (error instanceof ServiceError) return Response.json({ error: { message: error.message } }, { status: STATUS[error.code] });
  if (error instanceof ZodError) {
    const message = `Invalid input (${error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")})`;
    return Response.json({ error: { message } }, { status: 400 });
  }
  console.error(`[${what}] failed:`, error);
  return Response.json({ error: { message: "Something went wrong on the server. The details are in the server log." } }, { status: 500 });
}
