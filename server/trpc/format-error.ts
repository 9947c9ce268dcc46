import type { TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export const GENERIC_ERROR_MESSAGE = "Something went wrong on the server. The details are in the server log.";

/**
 * What a client may learn about a failure: typed errors keep their message, invalid input
 * names the fields, anything else becomes a generic message. Stack traces never leave.
 */
export function formatError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }): TRPCDefaultErrorShape {
  const { code, httpStatus, path } = shape.data;
  const data = { code, httpStatus, path };
  if (error.code === "INTERNAL_SERVER_ERROR") return { ...shape, message: GENERIC_ERROR_MESSAGE, data };
  if (error.cause instanceof ZodError) return { ...shape, message: describeIssues(error.cause), data };
  return { ...shape, data };
}

function describeIssues(error: ZodError): string {
  const issues = error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
  return `Invalid input (${issues.join("; ")})`;
}
