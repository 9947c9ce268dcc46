import type { z } from "zod";
import { MalformedReplyError } from "./errors";

/** Validates an outside reply; the error names the first offending field by its path. */
export function parseReply<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
  throw new MalformedReplyError(what, `field "${path}": ${issue?.message ?? "invalid"}`);
}
