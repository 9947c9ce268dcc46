import type { z } from "zod";
import type { DriverConfig } from "../driver";
import { CloudApiError } from "../errors";
import { errorFromStatus, parseJsonBody, sendRequest, uploadAllowanceMs, type HttpReply } from "../http";
import { parseReply } from "../parse";
import { errorBodySchema, listOf } from "./api-types";
import type { CloudSigmaCredentials } from "./spec";

const PAGE_SIZE = 100;

export interface CloudSigmaClient {
  /** One call to a path under the API base (trailing slash included); resolves with the JSON body, or null for none. */
  send(method: "GET" | "POST" | "PUT" | "DELETE", path: string, options?: { body?: unknown; signal?: AbortSignal }): Promise<unknown>;
  /** Every object of a list, page by page until total_count, each checked against `item`. */
  listAll<S extends z.ZodType>(path: string, item: S, what: string, signal?: AbortSignal): Promise<z.infer<S>[]>;
  /** POSTs the bytes `open` streams (octet-stream) and resolves with the reply's text; `sizeBytes` sets how long it may take. */
  upload(path: string, open: () => ReadableStream<Uint8Array>, sizeBytes: number, signal?: AbortSignal): Promise<string>;
}

/** CloudSigma API 2.0 with Basic auth; `config.endpoint` is the .../api/2.0/ base. */
export function createCloudSigmaClient(config: DriverConfig<CloudSigmaCredentials>): CloudSigmaClient {
  const base = config.endpoint.endsWith("/") ? config.endpoint : `${config.endpoint}/`;

  const send: CloudSigmaClient["send"] = async (method, path, { body, signal } = {}) => {
    const headers: Record<string, string> = { accept: "application/json", authorization: basicAuth(config) };
    if (body !== undefined) headers["content-type"] = "application/json";
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const reply = await sendRequest(new URL(path, base).toString(), init, config.timeoutMs, signal);
    if (reply.status >= 400) throw errorFromReply(reply);
    return reply.text === "" ? null : parseJsonBody(reply, `CloudSigma ${method} ${path} reply`);
  };

  return {
    send,
    async upload(path, open, sizeBytes, signal) {
      const headers = { accept: "application/json", authorization: basicAuth(config), "content-type": "application/octet-stream" };
      const init = { method: "POST", headers, body: open(), duplex: "half" } as RequestInit;
      const reply = await sendRequest(new URL(path, base).toString(), init, config.timeoutMs + uploadAllowanceMs(sizeBytes), signal);
      if (reply.status >= 400) throw errorFromReply(reply);
      return reply.text;
    },
    async listAll(path, item, what, signal) {
      const pageSchema = listOf(item);
      const all: z.infer<typeof item>[] = [];
      for (;;) {
        const page = parseReply(pageSchema, await send("GET", `${path}?limit=${PAGE_SIZE}&offset=${all.length}`, { signal }), what);
        all.push(...page.objects);
        if (page.objects.length === 0 || all.length >= page.meta.total_count) return all;
      }
    },
  };
}

function basicAuth(config: DriverConfig<CloudSigmaCredentials>): string {
  const { email, password } = config.credentials;
  return `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;
}

function errorFromReply(reply: HttpReply): CloudApiError {
  let message = readErrorMessages(reply.text) ?? `CloudSigma answered HTTP ${reply.status}`;
  // Support asks for the request id.
  const requestId = reply.headers.get("x-request-id");
  if (requestId) message += ` (request ${requestId})`;
  if (reply.status === 402) return new CloudApiError("quota", message, { status: 402 });
  return errorFromStatus(reply.status, message, reply.headers.get("retry-after"));
}

/** The error_message of each entry of CloudSigma's error array, if that is what came back. */
function readErrorMessages(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success && parsed.data.length > 0 ? parsed.data.map((e) => e.error_message).join("; ") : null;
}
