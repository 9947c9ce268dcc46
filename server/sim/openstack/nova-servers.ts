import { createHash } from "node:crypto";
import { z } from "zod";
import type { SimRequest } from "../core/http-server";
import { randomHex, randomUuid } from "../core/random";
import { SimRefusal, type SimCloud, type SimVm } from "../core/sim-cloud";
import type { OpenStackAccount } from "./keystone";
import { badMethod, errorReply, invalidInput, isoSeconds, pageOf, parseJson, withMarker, type Json, type Reply } from "./reply";

/** Nova's servers and their metadata, rendered from the neutral model. */

const NETWORKS_REQUIRED_FROM = 37;
const EMBEDDED_FLAVOR_FROM = 47;
export const MAX_SERVER_META = 128;
const NETWORK_NAME = "atlas-net";
const NO_VALID_HOST = "No valid host was found.";

/** Nova's view of each phase: status, vm_state, task_state, power_state. */
const NOVA_STATES = {
  pending: ["BUILD", "building", "scheduling", 0],
  booting: ["BUILD", "building", "spawning", 0],
  running: ["ACTIVE", "active", null, 1],
  stopped: ["SHUTOFF", "stopped", null, 4],
  failed: ["ERROR", "error", null, 0],
  deleted: ["DELETED", "deleted", null, 0],
} as const;

const metadataSchema = z.record(z.string().regex(/^[a-zA-Z0-9\-_:. ]{1,255}$/), z.string().max(255));
const metadataBodySchema = z.object({ metadata: metadataSchema });
const metaItemBodySchema = z.object({ meta: metadataSchema });

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

export interface NovaContext {
  cloud: SimCloud;
  account: OpenStackAccount;
  random: () => number;
  pageCap: number;
  /** The compute endpoint, .../compute/v2.1. */
  url: () => string;
}

export class NovaServers {
  /** Sort keys of every server ever listed, so a deleted server still works as a marker. */
  private readonly serverOrder = new Map<string, { createdAt: number; seq: number }>();

  constructor(private readonly ctx: NovaContext) {}

  /** `rest` starts at /servers; null when the path is not a servers path. */
  route(req: SimRequest, rest: string, minor: number): Reply | null {
    const { method } = req;
    if (rest === "/servers/detail") return method === "GET" ? this.list(req.url.searchParams, minor, true) : badMethod("compute");
    if (rest === "/servers") {
      if (method === "GET") return this.list(req.url.searchParams, minor, false);
      return method === "POST" ? this.create(req.body, minor) : badMethod("compute");
    }
    const match = /^\/servers\/([^/]+)(?:\/metadata(?:\/([^/]+))?)?$/.exec(rest);
    if (match?.[1] === undefined) return null;
    const id = decodeURIComponent(match[1]);
    const onMetadata = rest.includes("/metadata");
    if (!onMetadata) {
      if (method === "GET") return this.show(id, minor);
      return method === "DELETE" ? this.delete(id) : badMethod("compute");
    }
    const vm = this.visibleVm(id);
    if (!vm) return instanceNotFound(id);
    return match[2] === undefined ? this.metadata(vm, req) : this.metadataItem(vm, decodeURIComponent(match[2]), req);
  }

  private list(query: URLSearchParams, minor: number, detail: boolean): Reply {
    const filter = serverFilter(query);
    if ("status" in filter) return filter;
    const changesSince = readChangesSince(query);
    if (typeof changesSince !== "number" && changesSince !== null) return changesSince;
    // Deleted servers show only to a changes-since query, and only while Nova still has their records.
    const all = this.ctx.cloud.listVms().filter((vm) => (changesSince === null ? vm.phase !== "deleted" : updatedAt(vm) >= changesSince));
    for (const vm of all) this.serverOrder.set(vm.id, { createdAt: vm.createdAt, seq: vm.seq });
    const vms = all.filter(filter.matches).sort(newestFirst);
    const limits = { cap: this.ctx.pageCap, defaultLimit: this.ctx.pageCap };
    const page = pageOf("compute", vms, query, limits, (marker) => {
      const key = this.serverOrder.get(marker);
      return key ? vms.filter((vm) => newestFirst(vm, key) <= 0).length : null;
    });
    if ("status" in page) return page;
    const json: Json = { servers: page.items.map((vm) => (detail ? this.render(vm, minor) : { id: vm.id, name: vm.name, links: this.links(vm.id) })) };
    if (page.nextMarker !== null) {
      json.servers_links = [{ rel: "next", href: `${this.ctx.url()}/servers${detail ? "/detail" : ""}?${withMarker(query, page.nextMarker)}` }];
    }
    return { status: 200, json };
  }

  private show(id: string, minor: number): Reply {
    const vm = this.visibleVm(id);
    return vm ? { status: 200, json: { server: this.render(vm, minor) } } : instanceNotFound(id);
  }

  private create(rawBody: string, minor: number): Reply {
    const parsed = createServerSchema.safeParse(parseJson(rawBody));
    if (!parsed.success) return invalidInput("compute", parsed.error.issues[0], "server");
    const s = parsed.data.server;
    if (s.networks === undefined && minor >= NETWORKS_REQUIRED_FROM) {
      return errorReply("compute", 400, "Invalid input for field/attribute server. 'networks' is a required property");
    }
    if (typeof s.networks === "string" && minor < NETWORKS_REQUIRED_FROM) {
      return errorReply("compute", 400, `Invalid input for field/attribute networks. Value: ${s.networks}. '${s.networks}' is not of type 'array'`);
    }
    if (Object.keys(s.metadata ?? {}).length > MAX_SERVER_META) return tooManyMetadataItems();
    const min = s.min_count ?? 1;
    const max = s.max_count ?? min;
    if (max < min) return errorReply("compute", 400, "min_count must be <= max_count");
    const { cloud, random } = this.ctx;
    const userData = s.user_data === undefined ? "" : Buffer.from(s.user_data, "base64").toString("utf8");
    const created: SimVm[] = [];
    try {
      while (created.length < max) {
        const name = max > 1 ? `${s.name}-${created.length + 1}` : s.name;
        created.push(cloud.createVm({ id: randomUuid(random), name, imageId: s.imageRef, flavorId: String(s.flavorRef), userData, metadata: s.metadata }));
      }
    } catch (err) {
      if (!(err instanceof SimRefusal)) throw err;
      // Nova boots as many as quota allows when that is at least min_count; otherwise none.
      if (err.reason !== "quota" || created.length < min) {
        for (const vm of created) cloud.deleteVm(vm.id);
        return errorReply("compute", err.reason === "quota" ? 403 : 400, err.message);
      }
    }
    const first = created[0];
    if (!first) throw new Error("no server created");
    return {
      status: 202,
      headers: { Location: `${this.ctx.url()}/servers/${first.id}` },
      json: {
        server: { id: first.id, links: this.links(first.id), "OS-DCF:diskConfig": "MANUAL", security_groups: [{ name: "default" }], adminPass: randomHex(random, 12) },
      },
    };
  }

  private delete(id: string): Reply {
    if (!this.visibleVm(id)) return instanceNotFound(id);
    this.ctx.cloud.deleteVm(id);
    return { status: 204 };
  }

  /** GET lists, PUT replaces, POST merges into the server's metadata. */
  private metadata(vm: SimVm, req: SimRequest): Reply {
    if (req.method === "GET") return { status: 200, json: { metadata: vm.metadata } };
    if (req.method !== "PUT" && req.method !== "POST") return badMethod("compute");
    const parsed = metadataBodySchema.safeParse(parseJson(req.body));
    if (!parsed.success) return invalidInput("compute", parsed.error.issues[0], "metadata");
    const next = req.method === "PUT" ? parsed.data.metadata : { ...vm.metadata, ...parsed.data.metadata };
    return this.writeMetadata(vm, next, { metadata: next });
  }

  private metadataItem(vm: SimVm, key: string, req: SimRequest): Reply {
    if (req.method === "GET") {
      const value = vm.metadata[key];
      return value === undefined ? errorReply("compute", 404, "Metadata item was not found") : { status: 200, json: { meta: { [key]: value } } };
    }
    if (req.method === "DELETE") {
      if (vm.metadata[key] === undefined) return errorReply("compute", 404, "Metadata item was not found");
      const { [key]: _dropped, ...rest } = vm.metadata;
      const reply = this.writeMetadata(vm, rest, {});
      return reply.status === 200 ? { status: 204 } : reply;
    }
    if (req.method !== "PUT") return badMethod("compute");
    const parsed = metaItemBodySchema.safeParse(parseJson(req.body));
    if (!parsed.success) return invalidInput("compute", parsed.error.issues[0], "meta");
    const entries = Object.entries(parsed.data.meta);
    if (entries.length !== 1) return errorReply("compute", 400, "Request body contains too many items");
    if (entries[0]?.[0] !== key) return errorReply("compute", 400, "Request body and URI mismatch");
    return this.writeMetadata(vm, { ...vm.metadata, ...parsed.data.meta }, { meta: parsed.data.meta });
  }

  private writeMetadata(vm: SimVm, metadata: Record<string, string>, body: Json): Reply {
    // Nova changes metadata only on settled servers: not while building, not in ERROR.
    if (vm.phase !== "running" && vm.phase !== "stopped") {
      const vmState = vm.phase === "failed" ? "error" : "building";
      return errorReply("compute", 409, `Cannot 'update metadata' instance ${vm.id} while it is in vm_state ${vmState}`);
    }
    if (Object.keys(metadata).length > MAX_SERVER_META) return tooManyMetadataItems();
    this.ctx.cloud.setMetadata(vm.id, metadata);
    return { status: 200, json: body };
  }

  private render(vm: SimVm, minor: number): Json {
    const { cloud, account } = this.ctx;
    const [status, vmState, taskState, powerState] = NOVA_STATES[vm.phase];
    const flavor = cloud.flavors.find((f) => f.id === vm.flavorId);
    const placed = vm.phase === "booting" || vm.phase === "running" || vm.phase === "stopped";
    const launched = vm.phase === "running" || vm.phase === "stopped";
    const host = `compute-${vm.seq % 16}`;
    const compute = this.ctx.url().replace(/\/v2\.1$/, "");
    const server: Json = {
      id: vm.id,
      name: vm.name,
      status,
      tenant_id: account.projectId,
      user_id: account.userId,
      metadata: vm.metadata,
      hostId: placed ? createHash("sha224").update(account.projectId + host).digest("hex") : "",
      image: { id: vm.imageId, links: [{ rel: "bookmark", href: `${compute}/images/${vm.imageId}` }] },
      flavor:
        minor >= EMBEDDED_FLAVOR_FROM
          ? { original_name: flavor?.name ?? vm.flavorId, vcpus: flavor?.vcpus ?? 0, ram: flavor?.ramMb ?? 0, disk: flavor?.diskGb ?? 0, ephemeral: 0, swap: 0, extra_specs: {} }
          : { id: vm.flavorId, links: [{ rel: "bookmark", href: `${compute}/flavors/${vm.flavorId}` }] },
      created: isoSeconds(vm.createdAt),
      updated: isoSeconds(updatedAt(vm)),
      addresses: placed ? { [NETWORK_NAME]: [{ version: 4, addr: vm.ip, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": macOf(vm.seq) }] } : {},
      accessIPv4: "",
      accessIPv6: "",
      links: this.links(vm.id),
      "OS-DCF:diskConfig": "MANUAL",
      progress: 0,
      "OS-EXT-AZ:availability_zone": placed ? "nova" : "",
      config_drive: "",
      key_name: null,
      "OS-SRV-USG:launched_at": launched ? isoSeconds(vm.bootedAt).replace("Z", ".000000") : null,
      "OS-SRV-USG:terminated_at": vm.deletedAt === null ? null : isoSeconds(vm.deletedAt).replace("Z", ".000000"),
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

  private links(id: string): Json[] {
    return [
      { rel: "self", href: `${this.ctx.url()}/servers/${id}` },
      { rel: "bookmark", href: `${this.ctx.url().replace(/\/v2\.1$/, "")}/servers/${id}` },
    ];
  }

  private visibleVm(id: string): SimVm | undefined {
    const vm = this.ctx.cloud.getVm(id);
    return vm && vm.phase !== "deleted" ? vm : undefined;
  }
}

/**
 * The list filters a project member may use: `name` is a regular expression searched in the
 * name, `status` one of the statuses (an unknown one matches nothing), `image` and `flavor` ids.
 */
function serverFilter(query: URLSearchParams): { matches: (vm: SimVm) => boolean } | Reply {
  const name = query.get("name");
  let pattern: RegExp | null = null;
  if (name !== null) {
    try {
      pattern = new RegExp(name);
    } catch {
      return errorReply("compute", 400, `Invalid regular expression for filter name: ${name}`);
    }
  }
  const status = query.get("status")?.toUpperCase() ?? null;
  const image = query.get("image");
  const flavor = query.get("flavor");
  return {
    matches: (vm) =>
      (pattern === null || pattern.test(vm.name)) &&
      (status === null || NOVA_STATES[vm.phase][0] === status) &&
      (image === null || vm.imageId === image) &&
      (flavor === null || vm.flavorId === flavor),
  };
}

/** When Nova last changed the server: its last state change, or its deletion. */
function updatedAt(vm: SimVm): number {
  return vm.deletedAt ?? { pending: vm.createdAt, booting: vm.scheduledAt, running: vm.bootedAt, failed: vm.bootedAt, stopped: vm.endsAt, deleted: vm.createdAt }[vm.phase];
}

/** `changes-since` as an ISO 8601 time, or Nova's refusal of a malformed one. */
function readChangesSince(query: URLSearchParams): number | null | Reply {
  const raw = query.get("changes-since");
  if (raw === null) return null;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(ms) ? errorReply("compute", 400, `Invalid input for query parameters changes-since. Value: ${raw}. '${raw}' is not a 'date-time'`) : ms;
}

function newestFirst(a: { createdAt: number; seq: number }, b: { createdAt: number; seq: number }): number {
  return b.createdAt - a.createdAt || b.seq - a.seq;
}

function instanceNotFound(id: string): Reply {
  return errorReply("compute", 404, `Instance ${id} could not be found.`);
}

function tooManyMetadataItems(): Reply {
  return errorReply("compute", 403, `Maximum number of metadata items exceeds ${MAX_SERVER_META}`);
}

function macOf(seq: number): string {
  return ["fa", "16", "3e", ...[16, 8, 0].map((shift) => ((seq >> shift) & 255).toString(16).padStart(2, "0"))].join(":");
}
