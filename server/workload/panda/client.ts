import { z } from "zod";
import { pandaEnvelope } from "./api-types";
import { PandaApiError } from "./errors";

export interface PandaClientOptions {
  /** The v1 API base, e.g. `https://<panda server>:25443/api/v1`. */
  baseUrl: string;
  token: string;
  timeoutMs: number;
}

/**
 * One GET of the v1 API: bearer token, timeout, the envelope checked and unwrapped, and
 * `data` validated by `schema`. Each way of failing is a PandaApiError naming its cause.
 */
export async function getPanda<S extends z.ZodType>(options: PandaClientOptions, path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/${path}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${options.token}`, accept: "application/json" }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    status = res.status;
    text = await res.text();
  } catch (err) {
    if (timeout.aborted) throw new PandaApiError("timeout", `PanDA did not answer within ${options.timeoutMs} ms`, { cause: err });
    throw new PandaApiError("unreachable", `Cannot reach PanDA: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new PandaApiError(status >= 400 ? "http" : "malformed_reply", `PanDA answered HTTP ${status} with a body that is not JSON`);
  }
  const envelope = pandaEnvelope.safeParse(body);
  if (!envelope.success) throw new PandaApiError("malformed_reply", `Malformed PanDA reply: ${describeIssue(envelope.error)}`);
  if (!envelope.data.success) throw new PandaApiError("refused", `PanDA refused (HTTP ${status}): ${envelope.data.message || "no reason given"}`);
  if (status >= 400) throw new PandaApiError("http", `PanDA answered HTTP ${status}`);
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) throw new PandaApiError("malformed_reply", `Malformed PanDA reply to ${path.split("?")[0]}: ${describeIssue(data.error, ["data"])}`);
  return data.data;
}

function describeIssue(error: z.ZodError, prefix: string[] = []): string {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map(String)];
  return `field "${path.length > 0 ? path.join(".") : "(root)"}": ${issue?.message ?? "invalid"}`;
}
