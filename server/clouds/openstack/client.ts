import type { z } from "zod";
import type { DriverConfig } from "../driver";
import { CloudApiError, MalformedReplyError } from "../errors";
import { errorFromStatus, parseJsonBody, sendRequest, uploadAllowanceMs, type HttpReply } from "../http";
import { parseReply } from "../parse";
import type { OpenStackCredentials } from "./spec";
import {
  glanceImageDetailSchema,
  glanceImageDetailsPageSchema,
  glanceImagesPageSchema,
  keystoneTokenReplySchema,
  novaCreateServerReplySchema,
  novaFlavorsPageSchema,
  novaLimitsSchema,
  novaMetadataReplySchema,
  novaServersPageSchema,
  openStackErrorBodySchema,
  type CatalogEntry,
  type GlanceCreateImageBody,
  type GlanceImage,
  type GlanceImageDetail,
  type NovaAbsoluteLimits,
  type NovaCreateServerBody,
  type NovaFlavor,
  type NovaServer,
} from "./api-types";

/** Pinned so reply shapes do not move under us when a cloud upgrades. */
const COMPUTE_MICROVERSION = "2.79";
/** Nova's and Glance's default ceiling; a cloud with a lower one pages sooner. */
const PAGE_SIZE = 1000;
/** Renew this long before expiry, so a token does not lapse halfway through a paged listing. */
const RENEW_BEFORE_MS = 60_000;

type Service = "compute" | "image";

interface Session {
  token: string;
  expiresAt: number;
  catalog: CatalogEntry[];
}

export interface OpenStackClientOptions {
  /** Clock used to judge token expiry; tests pass the simulated one. */
  now?: () => number;
}

export interface OpenStackClient {
  /** Live servers; with `changesSince`, those changed since then, recently deleted ones included. */
  listServers(signal?: AbortSignal, changesSince?: Date): Promise<NovaServer[]>;
  listFlavors(signal?: AbortSignal): Promise<NovaFlavor[]>;
  getLimits(signal?: AbortSignal): Promise<NovaAbsoluteLimits>;
  listImages(signal?: AbortSignal): Promise<GlanceImage[]>;
  createServer(body: NovaCreateServerBody, signal?: AbortSignal): Promise<string>;
  deleteServer(id: string, signal?: AbortSignal): Promise<void>;
  replaceMetadata(id: string, metadata: Record<string, string>, signal?: AbortSignal): Promise<void>;
  /** Images whose property `key` is `value` (Glance filters on any property). */
  findImages(key: string, value: string, signal?: AbortSignal): Promise<GlanceImageDetail[]>;
  createImage(body: GlanceCreateImageBody, signal?: AbortSignal): Promise<GlanceImageDetail>;
  /** Streams the bytes `open` yields to the image; `sizeBytes` sets how long the upload may take. */
  uploadImageData(id: string, open: () => ReadableStream<Uint8Array>, sizeBytes: number, signal?: AbortSignal): Promise<void>;
  getImage(id: string, signal?: AbortSignal): Promise<GlanceImageDetail>;
  deleteImage(id: string, signal?: AbortSignal): Promise<void>;
}

/** Wire client for Keystone v3 + Nova v2.1 + Glance v2 with a cached, self-renewing token. */
export function createOpenStackClient(config: DriverConfig<OpenStackCredentials>, options: OpenStackClientOptions = {}): OpenStackClient {
  const now = options.now ?? Date.now;
  let session: Session | null = null;
  let renewing: Promise<Session> | null = null;

  function currentSession(): Promise<Session> {
    if (session && session.expiresAt - now() > RENEW_BEFORE_MS) return Promise.resolve(session);
    // Concurrent callers share one Keystone round trip.
    renewing ??= authenticate(config)
      .then((fresh) => (session = fresh))
      .finally(() => (renewing = null));
    return renewing;
  }

  async function call(service: Service, method: string, path: string, body?: unknown, signal?: AbortSignal, raw?: RawBody): Promise<HttpReply> {
    let used = await currentSession();
    let reply = await send(used, service, method, path, body, signal, raw);
    if (reply.status === 401) {
      if (session === used) session = null;
      used = await currentSession();
      reply = await send(used, service, method, path, body, signal, raw);
    }
    if (reply.status >= 400) throw errorFromReply(reply);
    return reply;
  }

  function send(used: Session, service: Service, method: string, path: string, body: unknown, signal?: AbortSignal, raw?: RawBody): Promise<HttpReply> {
    const headers: Record<string, string> = { "X-Auth-Token": used.token, Accept: "application/json" };
    if (service === "compute") {
      headers["OpenStack-API-Version"] = `compute ${COMPUTE_MICROVERSION}`;
      headers["X-OpenStack-Nova-API-Version"] = COMPUTE_MICROVERSION;
    }
    const url = `${serviceBase(used.catalog, service, config.region)}${path}`;
    if (raw) {
      headers["Content-Type"] = raw.contentType;
      // A stream is read once: each try (the 401 retry too) opens the bytes afresh.
      return sendRequest(url, { method, headers, body: raw.open(), duplex: "half" } as RequestInit, config.timeoutMs + raw.extraTimeoutMs, signal);
    }
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return sendRequest(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, config.timeoutMs, signal);
  }

  async function getJson<S extends z.ZodType>(service: Service, path: string, schema: S, what: string, signal?: AbortSignal): Promise<z.infer<S>> {
    const reply = await call(service, "GET", path, undefined, signal);
    return parseReply(schema, parseJsonBody(reply, what), what);
  }

  return {
    listServers: (signal, changesSince) =>
      collectPages(`/servers/detail?limit=${PAGE_SIZE}${changesSince ? `&changes-since=${changesSince.toISOString()}` : ""}`, "Nova server list", async (path) => {
        const page = await getJson("compute", path, novaServersPageSchema, "Nova server list", signal);
        return { items: page.servers, next: nextPath("/servers/detail", page.servers_links) };
      }),

    listFlavors: (signal) =>
      collectPages(`/flavors/detail?limit=${PAGE_SIZE}`, "Nova flavor list", async (path) => {
        const page = await getJson("compute", path, novaFlavorsPageSchema, "Nova flavor list", signal);
        return { items: page.flavors, next: nextPath("/flavors/detail", page.flavors_links) };
      }),

    getLimits: async (signal) => (await getJson("compute", "/limits", novaLimitsSchema, "Nova limits", signal)).limits.absolute,

    listImages: (signal) =>
      collectPages(`/v2/images?limit=${PAGE_SIZE}`, "Glance image list", async (path) => {
        const page = await getJson("image", path, glanceImagesPageSchema, "Glance image list", signal);
        return { items: page.images, next: page.next === undefined ? undefined : `/v2/images${queryOf(page.next)}` };
      }),

    createServer: async (body, signal) => {
      const reply = await call("compute", "POST", "/servers", body, signal);
      return parseReply(novaCreateServerReplySchema, parseJsonBody(reply, "Nova create reply"), "Nova create reply").server.id;
    },

    deleteServer: async (id, signal) => {
      await call("compute", "DELETE", `/servers/${encodeURIComponent(id)}`, undefined, signal);
    },

    replaceMetadata: async (id, metadata, signal) => {
      const reply = await call("compute", "PUT", `/servers/${encodeURIComponent(id)}/metadata`, { metadata }, signal);
      parseReply(novaMetadataReplySchema, parseJsonBody(reply, "Nova metadata reply"), "Nova metadata reply");
    },

    findImages: (key, value, signal) =>
      collectPages(`/v2/images?limit=${PAGE_SIZE}&${new URLSearchParams({ [key]: value }).toString()}`, "Glance image list", async (path) => {
        const page = await getJson("image", path, glanceImageDetailsPageSchema, "Glance image list", signal);
        return { items: page.images, next: page.next === undefined ? undefined : `/v2/images${queryOf(page.next)}` };
      }),

    createImage: async (body, signal) => {
      const reply = await call("image", "POST", "/v2/images", body, signal);
      return parseReply(glanceImageDetailSchema, parseJsonBody(reply, "Glance create reply"), "Glance create reply");
    },

    uploadImageData: async (id, open, sizeBytes, signal) => {
      const raw = { contentType: "application/octet-stream", open, extraTimeoutMs: uploadAllowanceMs(sizeBytes) };
      await call("image", "PUT", `/v2/images/${encodeURIComponent(id)}/file`, undefined, signal, raw);
    },

    getImage: (id, signal) => getJson("image", `/v2/images/${encodeURIComponent(id)}`, glanceImageDetailSchema, "Glance image", signal),

    deleteImage: async (id, signal) => {
      await call("image", "DELETE", `/v2/images/${encodeURIComponent(id)}`, undefined, signal);
    },
  };
}

interface RawBody {
  contentType: string;
  open: () => ReadableStream<Uint8Array>;
  extraTimeoutMs: number;
}

async function authenticate(config: DriverConfig<OpenStackCredentials>): Promise<Session> {
  const { credentials } = config;
  const what = "Keystone token reply";
  const body = {
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: credentials.username, domain: { name: credentials.userDomain }, password: credentials.password } },
      },
      scope: { project: { name: credentials.project, domain: { name: credentials.projectDomain } } },
    },
  };
  const url = `${config.endpoint.replace(/\/+$/, "")}/auth/tokens`;
  const reply = await sendRequest(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) }, config.timeoutMs);
  if (reply.status >= 400) throw errorFromReply(reply);
  const token = reply.headers.get("x-subject-token");
  if (!token) throw new MalformedReplyError(what, 'header "X-Subject-Token" is missing');
  const parsed = parseReply(keystoneTokenReplySchema, parseJsonBody(reply, what), what);
  return { token, expiresAt: Date.parse(parsed.token.expires_at), catalog: parsed.token.catalog };
}

/** The public endpoint of a service in our region, as the Keystone catalog lists it. */
function serviceBase(catalog: CatalogEntry[], service: Service, region: string | null): string {
  for (const entry of catalog) {
    if (entry.type !== service) continue;
    const endpoint = entry.endpoints.find((e) => e.interface === "public" && (region === null || (e.region_id ?? e.region) === region));
    if (!endpoint) continue;
    const url = endpoint.url.replace(/\/+$/, "");
    // Glance is listed with or without its version; our paths carry it.
    return service === "image" ? url.replace(/\/v2(\.\d+)?$/, "") : url;
  }
  throw new CloudApiError("bad_request", `The Keystone catalog has no public ${service} endpoint${region === null ? "" : ` in region ${region}`}`);
}

/**
 * Nova builds next links from its own idea of its URL, which behind a proxy can name an
 * internal host; we keep our endpoint and take only the query.
 */
function nextPath(path: string, links: { rel: string; href: string }[] | undefined): string | undefined {
  const next = links?.find((l) => l.rel === "next");
  return next === undefined ? undefined : `${path}${queryOf(next.href)}`;
}

function queryOf(href: string): string {
  return new URL(href, "http://relative.invalid").search;
}

async function collectPages<T>(first: string, what: string, fetchPage: (path: string) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let path: string | undefined = first;
  while (path !== undefined) {
    if (seen.has(path)) throw new MalformedReplyError(what, `paging loops back to ${path}`);
    seen.add(path);
    const page = await fetchPage(path);
    items.push(...page.items);
    path = page.next;
  }
  return items;
}

function errorFromReply(reply: HttpReply): CloudApiError {
  return errorFromStatus(reply.status, providerMessage(reply), reply.headers.get("retry-after"));
}

/** The provider's own words: Nova and Keystone answer in JSON, Glance and proxies often in text. */
function providerMessage(reply: HttpReply): string {
  try {
    const parsed = openStackErrorBodySchema.safeParse(JSON.parse(reply.text));
    const first = parsed.success ? Object.values(parsed.data)[0] : undefined;
    if (first) return first.message;
  } catch {
    // not JSON: fall through to the text
  }
  const text = reply.text.trim();
  return text ? text.slice(0, 300) : `HTTP ${reply.status}`;
}
