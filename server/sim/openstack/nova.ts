import type { SimRequest } from "../core/http-server";
import type { SimFlavor } from "../core/sim-cloud";
import { MAX_SERVER_META, NovaServers, type NovaContext } from "./nova-servers";
import { badMethod, byId, errorReply, indexAfter, notFound, pageOf, withMarker, type Json, type Reply } from "./reply";

/** Nova v2.1 of the sim (microversions 2.1 to 2.79): discovery, flavors, limits, quotas; servers in nova-servers. */

const MAX_MINOR = 79;
const FLAVOR_EXTRA_SPECS_FROM = 61;
const FLAVOR_DESCRIPTION_FROM = 55;
const SWAP_AS_NUMBER_FROM = 75;
const NETWORK_QUOTAS_UNTIL = 35;
const FILE_QUOTAS_UNTIL = 56;
const MAX_KEYPAIRS = 100;
const MAX_SERVER_GROUPS = 10;

export class Nova {
  private readonly servers: NovaServers;

  constructor(private readonly ctx: NovaContext) {
    this.servers = new NovaServers(ctx);
  }

  /** Version discovery needs no token; everything else does. `rest` is the path after /compute. */
  static isDiscovery(rest: string): boolean {
    return rest === "" || rest === "/" || rest === "/v2.1" || rest === "/v2.1/";
  }

  route(req: SimRequest, rest: string): Reply {
    if (rest === "" || rest === "/") return req.method === "GET" ? { status: 200, json: { versions: [this.versionDocument()] } } : badMethod("compute");
    if (rest === "/v2.1" || rest === "/v2.1/") return req.method === "GET" ? { status: 200, json: { version: this.versionDocument() } } : badMethod("compute");
    if (!rest.startsWith("/v2.1/")) return notFound("compute");
    const minor = requestedMinor(req.headers);
    if (typeof minor !== "number") return minor;
    const reply = this.routeVersioned(req, rest.slice("/v2.1".length), minor);
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

  private routeVersioned(req: SimRequest, rest: string, minor: number): Reply {
    const servers = this.servers.route(req, rest, minor);
    if (servers) return servers;
    if (req.method !== "GET") return rest.startsWith("/flavors") || rest === "/limits" ? badMethod("compute") : notFound("compute");
    const query = req.url.searchParams;
    if (rest === "/flavors") return this.listFlavors(query, minor, false);
    if (rest === "/flavors/detail") return this.listFlavors(query, minor, true);
    if (rest === "/limits") return { status: 200, json: { limits: { rate: [], absolute: this.absoluteLimits() } } };
    const flavor = /^\/flavors\/([^/]+)(\/os-extra_specs)?$/.exec(rest);
    if (flavor?.[1] !== undefined) {
      const id = decodeURIComponent(flavor[1]);
      const found = this.ctx.cloud.flavors.find((f) => f.id === id);
      if (!found) return errorReply("compute", 404, `Flavor ${id} could not be found.`);
      return { status: 200, json: flavor[2] ? { extra_specs: {} } : { flavor: this.renderFlavor(found, minor, true) } };
    }
    const quota = /^\/os-quota-sets\/([^/]+)(\/detail|\/defaults)?$/.exec(rest);
    if (quota?.[1] !== undefined) return this.quotaSet(decodeURIComponent(quota[1]), quota[2], minor);
    return notFound("compute");
  }

  private versionDocument(): Json {
    return {
      id: "v2.1",
      status: "CURRENT",
      version: `2.${MAX_MINOR}`,
      min_version: "2.1",
      updated: "2013-07-23T11:33:21Z",
      links: [
        { rel: "self", href: `${this.ctx.url()}/` },
        { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" },
      ],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.compute+json;version=2.1" }],
    };
  }

  private listFlavors(query: URLSearchParams, minor: number, detail: boolean): Reply {
    const flavors = [...this.ctx.cloud.flavors].sort(byId);
    const limits = { cap: this.ctx.pageCap, defaultLimit: this.ctx.pageCap };
    const page = pageOf("compute", flavors, query, limits, (marker) => indexAfter(flavors, marker));
    if ("status" in page) return page;
    const json: Json = { flavors: page.items.map((f) => this.renderFlavor(f, minor, detail)) };
    if (page.nextMarker !== null) {
      json.flavors_links = [{ rel: "next", href: `${this.ctx.url()}/flavors${detail ? "/detail" : ""}?${withMarker(query, page.nextMarker)}` }];
    }
    return { status: 200, json };
  }

  private renderFlavor(f: SimFlavor, minor: number, detail: boolean): Json {
    const summary: Json = {
      id: f.id,
      name: f.name,
      ...(minor >= FLAVOR_DESCRIPTION_FROM ? { description: null } : {}),
      links: [
        { rel: "self", href: `${this.ctx.url()}/flavors/${f.id}` },
        { rel: "bookmark", href: `${this.ctx.url().replace(/\/v2\.1$/, "")}/flavors/${f.id}` },
      ],
    };
    if (!detail) return summary;
    return {
      ...summary,
      ram: f.ramMb,
      disk: f.diskGb,
      vcpus: f.vcpus,
      // Nova wrote an empty string for no swap until 2.75.
      swap: minor >= SWAP_AS_NUMBER_FROM ? 0 : "",
      "OS-FLV-EXT-DATA:ephemeral": 0,
      "OS-FLV-DISABLED:disabled": false,
      "os-flavor-access:is_public": true,
      rxtx_factor: 1.0,
      ...(minor >= FLAVOR_EXTRA_SPECS_FROM ? { extra_specs: {} } : {}),
    };
  }

  private absoluteLimits(): Json {
    const { quota } = this.ctx.cloud;
    const used = this.ctx.cloud.usage();
    return {
      maxServerMeta: MAX_SERVER_META,
      maxTotalInstances: ceiling(quota.instances),
      maxTotalCores: ceiling(quota.cores),
      maxTotalRAMSize: ceiling(quota.ramMb),
      maxTotalKeypairs: MAX_KEYPAIRS,
      maxServerGroups: MAX_SERVER_GROUPS,
      maxServerGroupMembers: MAX_SERVER_GROUPS,
      totalInstancesUsed: used.instances,
      totalCoresUsed: used.cores,
      totalRAMUsed: used.ramMb,
      totalServerGroupsUsed: 0,
    };
  }

  /** os-quota-sets: a member reads its own project's; `/detail` adds usage, `/defaults` the defaults (here the same). */
  private quotaSet(projectId: string, view: string | undefined, minor: number): Reply {
    if (projectId !== this.ctx.account.projectId) return errorReply("compute", 403, "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
    const { quota } = this.ctx.cloud;
    const used = this.ctx.cloud.usage();
    const figures: [string, number, number][] = [
      ["instances", ceiling(quota.instances), used.instances],
      ["cores", ceiling(quota.cores), used.cores],
      ["ram", ceiling(quota.ramMb), used.ramMb],
      ["metadata_items", MAX_SERVER_META, 0],
      ["key_pairs", MAX_KEYPAIRS, 0],
      ["server_groups", MAX_SERVER_GROUPS, 0],
      ["server_group_members", MAX_SERVER_GROUPS, 0],
    ];
    if (minor <= FILE_QUOTAS_UNTIL) figures.push(["injected_files", 5, 0], ["injected_file_content_bytes", 10_240, 0], ["injected_file_path_bytes", 255, 0]);
    if (minor <= NETWORK_QUOTAS_UNTIL) figures.push(["fixed_ips", -1, 0], ["floating_ips", 10, 0], ["security_groups", 10, 0], ["security_group_rules", 20, 0]);
    const quotaSet: Json = { id: projectId };
    for (const [name, limit, inUse] of figures) quotaSet[name] = view === "/detail" ? { limit, in_use: inUse, reserved: 0 } : limit;
    return { status: 200, json: { quota_set: quotaSet } };
  }
}

function ceiling(n: number): number {
  return Number.isFinite(n) ? n : -1;
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
