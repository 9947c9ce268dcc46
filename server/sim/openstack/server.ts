import { createHash } from "node:crypto";
import { z } from "zod";
import type { SimEndpoint } from "../core/endpoint";
import { applyFaults } from "../core/faults";
import { startSimServer, type SimRequest, type SimResponse } from "../core/http-server";
import { createRandom, randomHex, randomUuid } from "../core/random";
import { SimRefusal, type SimCloud, type SimVm } from "../core/sim-cloud";

/**
 * Keystone v3 + Nova v2.1 (microversions 2.1 to 2.79) + Glance v2 over one loopback
 * server, written from the protocol reference; shares nothing with the driver.
 */

export interface OpenStackSimOptions {
  /** Nova's [api] max_limit and Glance's api_limit_max. */
  pageCap?: number;
  tokenTtlMs?: number;
  region?: string;
  username?: string;
  password?: string;
  project?: string;
}

const MAX_MINOR = 79;
const NETWORKS_REQUIRED_FROM = 37;
const EMBEDDED_FLAVOR_FROM = 47;
const MAX_SERVER_META = 128;
const GLANCE_DEFAULT_LIMIT = 25;
const DOMAIN = { id: "default", name: "Default" };
const NETWORK_NAME = "atlas-net";
const UNAUTHORIZED = "The request you have made requires authentication.";
const NO_VALID_HOST = "No valid host was found.";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
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

/** Nova's view of each phase: status, vm_state, task_state, power_state. */
const NOVA_STATES = {
  pending: ["BUILD", "building", "scheduling", 0],
  booting: ["BUILD", "building", "spawning", 0],
  running: ["ACTIVE", "active", null, 1],
  stopped: ["SHUTOFF", "stopped", null, 4],
  failed: ["ERROR", "error", null, 0],
  deleted: ["DELETED", "deleted", null, 0],
} as const;

type Service = "identity" | "compute" | "image";
type Json = Record<string, unknown>;

interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: Json;
  text?: string;
}

const domainRef = z.object({ id: z.string().optional(), name: z.string().optional() });

const authRequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()),
      password: z
        .object({ user: z.object({ id: z.string().optional(), name: z.string().optional(), domain: domainRef.optional(), password: z.string() }) })
        .optional(),
    }),
    scope: z.object({ project: z.object({ id: z.string().optional(), name: z.string().optional(), domain: domainRef.optional() }) }).optional(),
  }),
});

const metadataSchema = z.record(z.string().regex(/^[a-zA-Z0-9\-_:. ]{1,255}$/), z.string().max(255));

const createServerSchema = z.object({
  server: z.object({
    name: z.string().min(1).max(255),
    imageRef: z.string(),
    flavorRef: z.union([z.string().min(1), z.number().int()]),
    networks: z.union([z.enum(["auto", "none"]), z.array(z.object({ uuid: z.string().optional(), port: z.string().optional(), fixed_ip: z.string().optional() }))]).optional(),
    user_data: z.string().max(65_535).regex(/^[A-Za-z0-9+/]*={0,2}$/, "Value is not valid base64.").optional(),
    metadata: metadataSchema.optional(),
    key_name: z.string().optional(),
    min_count: z.number().int().min(1).optional(),
    max_count: z.number().int().min(1).optional(),
  }),
});

const metadataBodySchema = z.object({ metadata: metadataSchema });

export async function startOpenStackSim(cloud: SimCloud, options: OpenStackSimOptions = {}): Promise<SimEndpoint> {
  const sim = new OpenStackSim(cloud, options);
  const server = await startSimServer((req) => sim.handle(req));
  sim.base = server.url;
  return {
    kind: "openstack",
    url: `${server.url}/identity/v3`,
    region: sim.region,
    credentials: { username: sim.username, password: sim.password, userDomain: DOMAIN.name, project: sim.projectName, projectDomain: DOMAIN.name },
    close: server.close,
  };
}

class OpenStackSim {
  base = "";
  readonly region: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  private readonly pageCap: number;
  private readonly tokenTtlMs: number;
  // Own generator, so tokens and ids do not shift the cloud's seeded fate of VMs.
  private readonly random = createRandom(0x0517);
  private readonly userId = randomHex(this.random, 32);
  private readonly projectId = randomHex(this.random, 32);
  private readonly startedAt: number;
  private readonly tokens = new Map<string, number>();
  /** Sort keys of every server ever listed, so a deleted server still works as a marker. */
  private readonly serverOrder = new Map<string, { createdAt: number; seq: number }>();

  constructor(
    private readonly cloud: SimCloud,
    options: OpenStackSimOptions,
  ) {
    this.pageCap = options.pageCap ?? 1000;
    this.tokenTtlMs = options.tokenTtlMs ?? 3_600_000;
    this.region = options.region ?? "RegionOne";
    this.username = options.username ?? "atlas";
    this.password = options.password ?? "sim-secret";
    this.projectName = options.project ?? "atlas-prod";
    this.startedAt = cloud.clock.now();
  }

  async handle(req: SimRequest): Promise<SimResponse | null> {
    const fault = await applyFaults(this.cloud);
    if (fault.kind === "hang") return null;
    const service = serviceOf(req.url.pathname);
    if (service === null) return render({ status: 404, text: "404 Not Found" });
    if (fault.kind === "error") {
      return render(errorReply(service, 500, "An unexpected error prevented the server from fulfilling your request."));
    }
    if (fault.kind === "rate_limited") {
      return render(errorReply(service, 429, "This request was rate-limited.", { "Retry-After": String(fault.retryAfterSec) }));
    }
    const reply = this.route(service, req);
    const broken = fault.kind === "malformed" && reply.json !== undefined && reply.status < 300;
    return render(broken ? { ...reply, json: breakShape(reply.json ?? {}) } : reply);
  }

  private route(service: Service, req: SimRequest): Reply {
    const rest = req.url.pathname.slice(PREFIXES[service].length);
    if (service === "identity") {
      if (req.method === "POST" && rest === "/auth/tokens") return this.issueToken(req);
      return errorReply("identity", 404, "The resource could not be found.");
    }
    if (!this.tokenIsValid(req.headers["x-auth-token"])) {
      return { ...errorReply("identity", 401, UNAUTHORIZED), headers: { "WWW-Authenticate": `Keystone uri="${this.base}/identity/v3"` } };
    }
    return service === "compute" ? this.nova(req, rest) : this.glance(req, rest);
  }

  private tokenIsValid(header: string | string[] | undefined): boolean {
    const expiresAt = typeof header === "string" ? this.tokens.get(header) : undefined;
    return expiresAt !== undefined && this.cloud.clock.now() < expiresAt;
  }

  private issueToken(req: SimRequest): Reply {
    const parsed = authRequestSchema.safeParse(parseJson(req.body));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return errorReply("identity", 400, `Invalid input for field '${issue?.path.join(".") ?? "auth"}': ${issue?.message ?? "invalid"}`);
    }
    const { identity, scope } = parsed.data.auth;
    const user = identity.password?.user;
    const userMatches = user !== undefined && (user.id === this.userId || (user.name === this.username && isOurDomain(user.domain)));
    if (!identity.methods.includes("password") || !userMatches || user.password !== this.password) {
      return errorReply("identity", 401, UNAUTHORIZED);
    }
    const project = scope?.project;
    if (project && project.id !== this.projectId && !(project.name === this.projectName && isOurDomain(project.domain))) {
      return errorReply("identity", 401, UNAUTHORIZED);
    }
    const now = this.cloud.clock.now();
    const expiresAt = now + this.tokenTtlMs;
    const token = `gAAAAAB${randomHex(this.random, 120)}`;
    // An unscoped token opens no service, so it is not remembered.
    if (project) this.tokens.set(token, expiresAt);
    const body: Json = {
      methods: ["password"],
      user: { domain: DOMAIN, id: this.userId, name: this.username, password_expires_at: null },
      audit_ids: [randomHex(this.random, 22)],
      expires_at: keystoneTime(expiresAt),
      issued_at: keystoneTime(now),
    };
    if (project) {
      Object.assign(body, {
        project: { domain: DOMAIN, id: this.projectId, name: this.projectName },
        is_domain: false,
        roles: [
          { id: randomHex(this.random, 32), name: "member" },
          { id: randomHex(this.random, 32), name: "reader" },
        ],
      });
      if (!req.url.searchParams.has("nocatalog")) body.catalog = this.catalog();
    }
    return { status: 201, headers: { "X-Subject-Token": token, Vary: "X-Auth-Token" }, json: { token: body } };
  }

  /** Decoys come first, so a client that ignores interface or region fails loudly. */
  private catalog(): Json[] {
    const entry = (type: string, name: string, path: string): Json => ({
      id: randomHex(this.random, 32),
      type,
      name,
      endpoints: [
        { id: randomHex(this.random, 32), interface: "public", region: `other-${this.region}`, region_id: `other-${this.region}`, url: `http://127.0.0.1:1${path}` },
        { id: randomHex(this.random, 32), interface: "internal", region: this.region, region_id: this.region, url: `http://127.0.0.1:1${path}` },
        { id: randomHex(this.random, 32), interface: "public", region: this.region, region_id: this.region, url: `${this.base}${path}` },
      ],
    });
    return [entry("identity", "keystone", "/identity/v3"), entry("compute", "nova", "/compute/v2.1"), entry("image", "glance", "/image")];
  }

  private nova(req: SimRequest, rest: string): Reply {
    const minor = requestedMinor(req.headers);
    if (typeof minor !== "number") return minor;
    const reply = this.novaRoute(req, rest, minor);
    return {
      ...reply,
      headers: {
        ...reply.headers,
        "OpenStack-API-Version": `compute 2.${minor}`,
        "X-OpenStack-Nova-API-Version": `2.${minor}`,
        Vary: "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
      },
    };
  }

  private novaRoute(req: SimRequest, rest: string, minor: number): Reply {
    const { method } = req;
    if (rest === "/servers/detail" && method === "GET") return this.listServers(req.url.searchParams, minor);
    if (rest === "/servers" && method === "POST") return this.createServers(req.body, minor);
    if (rest === "/flavors/detail" && method === "GET") return this.listFlavors(req.url.searchParams);
    if (rest === "/limits" && method === "GET") return this.limits();
    const match = /^\/servers\/([^/]+)(\/metadata)?$/.exec(rest);
    if (match?.[1] !== undefined) {
      const id = decodeURIComponent(match[1]);
      if (match[2] && method === "PUT") return this.replaceMetadata(id, req.body);
      if (!match[2] && method === "GET") return this.showServer(id, minor);
      if (!match[2] && method === "DELETE") return this.deleteServer(id);
      return errorReply("compute", 405, "The method specified is not allowed for this resource.");
    }
    return errorReply("compute", 404, "The resource could not be found.");
  }

  private listServers(query: URLSearchParams, minor: number): Reply {
    const vms = this.cloud.listVms().filter((vm) => vm.phase !== "deleted");
    for (const vm of vms) this.serverOrder.set(vm.id, { createdAt: vm.createdAt, seq: vm.seq });
    vms.sort(newestFirst);
    const page = pageOf("compute", vms, query, this.pageCap, this.pageCap, (marker) => {
      const key = this.serverOrder.get(marker);
      return key ? vms.filter((vm) => newestFirst(vm, key) <= 0).length : null;
    });
    if ("status" in page) return page;
    const json: Json = { servers: page.items.map((vm) => this.renderServer(vm, minor)) };
    if (page.nextMarker !== null) {
      json.servers_links = [{ rel: "next", href: `${this.base}/compute/v2.1/servers/detail?${withMarker(query, page.nextMarker)}` }];
    }
    return { status: 200, json };
  }

  private showServer(id: string, minor: number): Reply {
    const vm = this.visibleVm(id);
    return vm ? { status: 200, json: { server: this.renderServer(vm, minor) } } : instanceNotFound(id);
  }

  private createServers(rawBody: string, minor: number): Reply {
    const parsed = createServerSchema.safeParse(parseJson(rawBody));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return errorReply("compute", 400, `Invalid input for field/attribute ${String(issue?.path.at(-1) ?? "server")}. ${issue?.message ?? "invalid"}`);
    }
    const s = parsed.data.server;
    if (s.networks === undefined && minor >= NETWORKS_REQUIRED_FROM) {
      return errorReply("compute", 400, "Invalid input for field/attribute server. 'networks' is a required property");
    }
    if (typeof s.networks === "string" && minor < NETWORKS_REQUIRED_FROM) {
      return errorReply("compute", 400, `Invalid input for field/attribute networks. Value: ${s.networks}. '${s.networks}' is not of type 'array'`);
    }
    if (Object.keys(s.metadata ?? {}).length > MAX_SERVER_META) {
      return errorReply("compute", 403, `Maximum number of metadata items exceeds ${MAX_SERVER_META}`);
    }
    const min = s.min_count ?? 1;
    const max = s.max_count ?? min;
    if (max < min) return errorReply("compute", 400, "min_count must be <= max_count");
    const userData = s.user_data === undefined ? "" : Buffer.from(s.user_data, "base64").toString("utf8");
    const created: SimVm[] = [];
    try {
      while (created.length < max) {
        const name = max > 1 ? `${s.name}-${created.length + 1}` : s.name;
        created.push(this.cloud.createVm({ id: randomUuid(this.random), name, imageId: s.imageRef, flavorId: String(s.flavorRef), userData, metadata: s.metadata }));
      }
    } catch (err) {
      if (!(err instanceof SimRefusal)) throw err;
      // Nova boots as many as quota allows when that is at least min_count; otherwise none.
      if (err.reason !== "quota" || created.length < min) {
        for (const vm of created) this.cloud.deleteVm(vm.id);
        return errorReply("compute", err.reason === "quota" ? 403 : 400, err.message);
      }
    }
    const first = created[0];
    if (!first) throw new Error("no server created");
    return {
      status: 202,
      headers: { Location: `${this.base}/compute/v2.1/servers/${first.id}` },
      json: {
        server: {
          id: first.id,
          links: this.serverLinks(first.id),
          "OS-DCF:diskConfig": "MANUAL",
          security_groups: [{ name: "default" }],
          adminPass: randomHex(this.random, 12),
        },
      },
    };
  }

  private deleteServer(id: string): Reply {
    if (!this.visibleVm(id)) return instanceNotFound(id);
    this.cloud.deleteVm(id);
    return { status: 204 };
  }

  private replaceMetadata(id: string, rawBody: string): Reply {
    const vm = this.visibleVm(id);
    if (!vm) return instanceNotFound(id);
    const parsed = metadataBodySchema.safeParse(parseJson(rawBody));
    if (!parsed.success) {
      return errorReply("compute", 400, `Invalid input for field/attribute metadata. ${parsed.error.issues[0]?.message ?? "invalid"}`);
    }
    // Nova changes metadata only on settled servers: not while building, not in ERROR.
    if (vm.phase !== "running" && vm.phase !== "stopped") {
      const vmState = vm.phase === "failed" ? "error" : "building";
      return errorReply("compute", 409, `Cannot 'update metadata' instance ${id} while it is in vm_state ${vmState}`);
    }
    if (Object.keys(parsed.data.metadata).length > MAX_SERVER_META) {
      return errorReply("compute", 403, `Maximum number of metadata items exceeds ${MAX_SERVER_META}`);
    }
    this.cloud.setMetadata(id, parsed.data.metadata);
    return { status: 200, json: { metadata: parsed.data.metadata } };
  }

  private listFlavors(query: URLSearchParams): Reply {
    const flavors = [...this.cloud.flavors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = pageOf("compute", flavors, query, this.pageCap, this.pageCap, (marker) => indexAfter(flavors, marker));
    if ("status" in page) return page;
    const json: Json = {
      flavors: page.items.map((f) => ({
        id: f.id,
        name: f.name,
        ram: f.ramMb,
        disk: f.diskGb,
        vcpus: f.vcpus,
        swap: 0,
        "OS-FLV-EXT-DATA:ephemeral": 0,
        "OS-FLV-DISABLED:disabled": false,
        "os-flavor-access:is_public": true,
        rxtx_factor: 1.0,
        description: null,
        extra_specs: {},
        links: [{ rel: "self", href: `${this.base}/compute/v2.1/flavors/${f.id}` }],
      })),
    };
    if (page.nextMarker !== null) {
      json.flavors_links = [{ rel: "next", href: `${this.base}/compute/v2.1/flavors/detail?${withMarker(query, page.nextMarker)}` }];
    }
    return { status: 200, json };
  }

  private limits(): Reply {
    const quota = this.cloud.quota;
    const used = this.cloud.usage();
    const ceiling = (n: number) => (Number.isFinite(n) ? n : -1);
    return {
      status: 200,
      json: {
        limits: {
          rate: [],
          absolute: {
            maxServerMeta: MAX_SERVER_META,
            maxTotalInstances: ceiling(quota.instances),
            maxTotalCores: ceiling(quota.cores),
            maxTotalRAMSize: ceiling(quota.ramMb),
            maxTotalKeypairs: 100,
            maxServerGroups: 10,
            maxServerGroupMembers: 10,
            totalInstancesUsed: used.instances,
            totalCoresUsed: used.cores,
            totalRAMUsed: used.ramMb,
            totalServerGroupsUsed: 0,
          },
        },
      },
    };
  }

  private renderServer(vm: SimVm, minor: number): Json {
    const [status, vmState, taskState, powerState] = NOVA_STATES[vm.phase];
    const flavor = this.cloud.flavors.find((f) => f.id === vm.flavorId);
    const placed = vm.phase === "booting" || vm.phase === "running" || vm.phase === "stopped";
    const launched = vm.phase === "running" || vm.phase === "stopped";
    const updatedAt = vm.deletedAt ?? { pending: vm.createdAt, booting: vm.scheduledAt, running: vm.bootedAt, failed: vm.bootedAt, stopped: vm.endsAt, deleted: vm.createdAt }[vm.phase];
    const host = `compute-${vm.seq % 16}`;
    const server: Json = {
      id: vm.id,
      name: vm.name,
      status,
      tenant_id: this.projectId,
      user_id: this.userId,
      metadata: vm.metadata,
      hostId: placed ? createHash("sha224").update(this.projectId + host).digest("hex") : "",
      image: { id: vm.imageId, links: [{ rel: "bookmark", href: `${this.base}/compute/images/${vm.imageId}` }] },
      flavor:
        minor >= EMBEDDED_FLAVOR_FROM
          ? { original_name: flavor?.name ?? vm.flavorId, vcpus: flavor?.vcpus ?? 0, ram: flavor?.ramMb ?? 0, disk: flavor?.diskGb ?? 0, ephemeral: 0, swap: 0, extra_specs: {} }
          : { id: vm.flavorId, links: [{ rel: "bookmark", href: `${this.base}/compute/flavors/${vm.flavorId}` }] },
      created: isoSeconds(vm.createdAt),
      updated: isoSeconds(updatedAt),
      addresses: placed ? { [NETWORK_NAME]: [{ version: 4, addr: vm.ip, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": macOf(vm.seq) }] } : {},
      accessIPv4: "",
      accessIPv6: "",
      links: this.serverLinks(vm.id),
      "OS-DCF:diskConfig": "MANUAL",
      progress: 0,
      "OS-EXT-AZ:availability_zone": placed ? "nova" : "",
      config_drive: "",
      key_name: null,
      "OS-SRV-USG:launched_at": launched ? isoSeconds(vm.bootedAt).replace("Z", ".000000") : null,
      "OS-SRV-USG:terminated_at": null,
      "OS-EXT-STS:task_state": taskState,
      "OS-EXT-STS:vm_state": vmState,
      "OS-EXT-STS:power_state": powerState,
      "os-extended-volumes:volumes_attached": [],
      security_groups: [{ name: "default" }],
      locked: false,
      description: null,
      tags: [],
    };
    if (vm.phase === "failed") server.fault = { code: 500, message: NO_VALID_HOST, created: isoSeconds(vm.bootedAt) };
    return server;
  }

  private serverLinks(id: string): Json[] {
    return [
      { rel: "self", href: `${this.base}/compute/v2.1/servers/${id}` },
      { rel: "bookmark", href: `${this.base}/compute/servers/${id}` },
    ];
  }

  private visibleVm(id: string): SimVm | undefined {
    const vm = this.cloud.getVm(id);
    return vm && vm.phase !== "deleted" ? vm : undefined;
  }

  private glance(req: SimRequest, rest: string): Reply {
    if (rest !== "/images" || req.method !== "GET") return errorReply("image", 404, "The resource could not be found.");
    const query = req.url.searchParams;
    // All images date from the sim's start, so Glance's created_at-then-id order is by id.
    const images = [...this.cloud.images].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = pageOf("image", images, query, this.pageCap, Math.min(GLANCE_DEFAULT_LIMIT, this.pageCap), (marker) => indexAfter(images, marker));
    if ("status" in page) return page;
    const created = isoSeconds(this.startedAt);
    const json: Json = {
      images: page.items.map((i) => ({
        id: i.id,
        name: i.name,
        status: "active",
        visibility: "public",
        protected: false,
        os_hidden: false,
        size: i.sizeBytes,
        virtual_size: null,
        checksum: null,
        os_hash_algo: "sha512",
        os_hash_value: i.sha512,
        disk_format: "qcow2",
        container_format: "bare",
        min_disk: 0,
        min_ram: 0,
        owner: this.projectId,
        os_distro: i.os,
        tags: [],
        created_at: created,
        updated_at: created,
        self: `/v2/images/${i.id}`,
        file: `/v2/images/${i.id}/file`,
        schema: "/v2/schemas/image",
      })),
      first: "/v2/images",
      schema: "/v2/schemas/images",
    };
    if (page.nextMarker !== null) json.next = `/v2/images?${withMarker(query, page.nextMarker)}`;
    return { status: 200, json };
  }
}

const PREFIXES: Record<Service, string> = { identity: "/identity/v3", compute: "/compute/v2.1", image: "/image/v2" };

function serviceOf(pathname: string): Service | null {
  for (const service of ["identity", "compute", "image"] as const) {
    if (pathname.startsWith(`${PREFIXES[service]}/`)) return service;
  }
  return null;
}

function isOurDomain(domain: { id?: string; name?: string } | undefined): boolean {
  return domain !== undefined && (domain.id === DOMAIN.id || domain.name === DOMAIN.name);
}

/** The microversion asked for, or the refusal Nova gives; no header means 2.1. */
function requestedMinor(headers: SimRequest["headers"]): number | Reply {
  const modern = headers["openstack-api-version"];
  const fromModern = typeof modern === "string" ? modern.split(",").map((p) => p.trim().split(/\s+/)).find(([s]) => s?.toLowerCase() === "compute")?.[1] : undefined;
  const legacy = headers["x-openstack-nova-api-version"];
  const raw = fromModern ?? (typeof legacy === "string" ? legacy.trim() : undefined);
  if (raw === undefined) return 1;
  if (raw === "latest") return MAX_MINOR;
  const match = /^(\d+)\.(\d+)$/.exec(raw);
  if (!match) return errorReply("compute", 400, `API Version String ${raw} is of invalid format. Must be of format MajorNum.MinorNum.`);
  const minor = Number(match[2]);
  if (match[1] !== "2" || minor < 1 || minor > MAX_MINOR) {
    return errorReply("compute", 406, `Version ${raw} is not supported by the API. Minimum is 2.1 and maximum is 2.${MAX_MINOR}.`);
  }
  return minor;
}

/** One page after `marker`, and the marker for the next page when this one is full (so the last page may be empty). */
function pageOf<T extends { id: string }>(
  service: Service,
  items: T[],
  query: URLSearchParams,
  cap: number,
  defaultLimit: number,
  startAfter: (marker: string) => number | null,
): { items: T[]; nextMarker: string | null } | Reply {
  const rawLimit = query.get("limit");
  if (rawLimit !== null && !/^\d+$/.test(rawLimit)) return errorReply(service, 400, `Invalid input for query parameters limit. Value: ${rawLimit}.`);
  const limit = Math.min(cap, rawLimit === null ? defaultLimit : Number(rawLimit));
  const marker = query.get("marker");
  const start = marker === null ? 0 : startAfter(marker);
  if (start === null) return errorReply(service, 400, `marker [${marker}] not found`);
  const pageItems = items.slice(start, start + limit);
  const last = pageItems.at(-1);
  return { items: pageItems, nextMarker: last && pageItems.length === limit ? last.id : null };
}

function indexAfter(items: { id: string }[], marker: string): number | null {
  const i = items.findIndex((item) => item.id === marker);
  return i < 0 ? null : i + 1;
}

function withMarker(query: URLSearchParams, marker: string): string {
  const next = new URLSearchParams(query);
  next.set("marker", marker);
  return next.toString();
}

function newestFirst(a: { createdAt: number; seq: number }, b: { createdAt: number; seq: number }): number {
  return b.createdAt - a.createdAt || b.seq - a.seq;
}

function instanceNotFound(id: string): Reply {
  return errorReply("compute", 404, `Instance ${id} could not be found.`);
}

/** Each service's error body: Keystone's JSON, Nova's fault JSON, Glance's webob text. */
function errorReply(service: Service, status: number, message: string, headers?: Record<string, string>): Reply {
  const title = TITLES[status] ?? "Error";
  if (service === "identity") return { status, headers, json: { error: { code: status, title, message } } };
  if (service === "image") return { status, headers, text: `${status} ${title}\n\n${message}\n\n   ` };
  const retryAfter = headers?.["Retry-After"];
  const fault: Json = { code: status, message, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  return { status, headers, json: { [NOVA_FAULT_NAMES[status] ?? "computeFault"]: fault } };
}

/** The malformed fault: collection entries lose their ids, single objects turn into strings. */
function breakShape(json: Json): Json {
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

function render(reply: Reply): SimResponse {
  if (reply.json !== undefined) {
    return { status: reply.status, headers: { "Content-Type": "application/json", ...reply.headers }, body: JSON.stringify(reply.json) };
  }
  if (reply.text !== undefined) {
    return { status: reply.status, headers: { "Content-Type": "text/plain; charset=UTF-8", ...reply.headers }, body: reply.text };
  }
  return { status: reply.status, headers: reply.headers, body: "" };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Nova and Glance write whole seconds. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Keystone writes microseconds. */
function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}

function macOf(seq: number): string {
  return ["fa", "16", "3e", ...[16, 8, 0].map((shift) => ((seq >> shift) & 255).toString(16).padStart(2, "0"))].join(":");
}
