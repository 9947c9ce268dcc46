import type { SimResponse } from "../core/http-server";

/** What the three OpenStack services of the sim have in common: replies, error bodies, paging. */

export type Service = "identity" | "compute" | "image";
export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: Json;
  text?: string;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

const NOVA_FAULT_NAMES: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  409: "conflictingRequest",
  413: "overLimit",
  415: "badMediaType",
  429: "overLimit",
  501: "notImplemented",
  503: "serviceUnavailable",
};

/** Each service's error body: Keystone's JSON, Nova's fault JSON, Glance's webob text. */
export function errorReply(service: Service, status: number, message: string, headers?: Record<string, string>): Reply {
  const title = TITLES[status] ?? "Error";
  if (service === "identity") return { status, headers, json: { error: { code: status, title, message } } };
  if (service === "image") return { status, headers, text: `${status} ${title}\n\n${message}\n\n   ` };
  const retryAfter = headers?.["Retry-After"];
  const fault: Json = { code: status, message, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  return { status, headers, json: { [NOVA_FAULT_NAMES[status] ?? "computeFault"]: fault } };
}

export function notFound(service: Service): Reply {
  return errorReply(service, 404, "The resource could not be found.");
}

export function badMethod(service: Service): Reply {
  return errorReply(service, 405, "The method specified is not allowed for this resource.");
}

/** The first zod issue as OpenStack words it. */
export function invalidInput(service: Service, issue: { path: PropertyKey[]; message: string } | undefined, fallbackField: string): Reply {
  return errorReply(service, 400, `Invalid input for field/attribute ${String(issue?.path.at(-1) ?? fallbackField)}. ${issue?.message ?? "invalid"}`);
}

/** One page after `marker`, and the marker for the next page when this one is full (so the last page may be empty). */
export function pageOf<T extends { id: string }>(
  service: Service,
  items: T[],
  query: URLSearchParams,
  limits: { cap: number; defaultLimit: number },
  startAfter: (marker: string) => number | null,
): { items: T[]; nextMarker: string | null } | Reply {
  const rawLimit = query.get("limit");
  if (rawLimit !== null && !/^\d+$/.test(rawLimit)) return errorReply(service, 400, `Invalid input for query parameters limit. Value: ${rawLimit}.`);
  const limit = Math.min(limits.cap, rawLimit === null ? limits.defaultLimit : Number(rawLimit));
  const marker = query.get("marker");
  const start = marker === null ? 0 : startAfter(marker);
  if (start === null) return errorReply(service, 400, `marker [${marker}] not found`);
  const pageItems = items.slice(start, start + limit);
  const last = pageItems.at(-1);
  return { items: pageItems, nextMarker: last && pageItems.length === limit ? last.id : null };
}

export function indexAfter(items: { id: string }[], marker: string): number | null {
  const i = items.findIndex((item) => item.id === marker);
  return i < 0 ? null : i + 1;
}

export function withMarker(query: URLSearchParams, marker: string): string {
  const next = new URLSearchParams(query);
  next.set("marker", marker);
  return next.toString();
}

export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The malformed fault: collection entries lose their ids, single objects turn into strings. */
export function breakShape(json: Json): Json {
  const broken: Json = {};
  for (const [key, value] of Object.entries(json)) {
    if (Array.isArray(value) && value.length > 0) broken[key] = value.map(withoutId);
    else broken[key] = typeof value === "object" && value !== null ? "garbled" : value;
  }
  return broken;
}

function withoutId(item: unknown): unknown {
  return typeof item === "object" && item !== null ? Object.fromEntries(Object.entries(item).filter(([key]) => key !== "id")) : item;
}

export function render(reply: Reply): SimResponse {
  if (reply.json !== undefined) {
    return { status: reply.status, headers: { "Content-Type": "application/json", ...reply.headers }, body: JSON.stringify(reply.json) };
  }
  if (reply.text !== undefined) {
    return { status: reply.status, headers: { "Content-Type": "text/plain; charset=UTF-8", ...reply.headers }, body: reply.text };
  }
  return { status: reply.status, headers: reply.headers, body: "" };
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Nova and Glance write whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
