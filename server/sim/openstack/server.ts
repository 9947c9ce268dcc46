import type { SimEndpoint } from "../core/endpoint";
import { applyFaults } from "../core/faults";
import { startSimServer, type SimRequest, type SimResponse } from "../core/http-server";
import { createRandom, randomHex, randomUuid } from "../core/random";
import type { SimCloud } from "../core/sim-cloud";
import { isGlanceDiscovery, routeGlance } from "./glance";
import { DOMAIN, Keystone, type OpenStackAccount } from "./keystone";
import { Nova } from "./nova";
import { breakShape, errorReply, render, type Reply, type Service } from "./reply";

/**
 * Keystone v3 + Nova v2.1 + Glance v2 over one loopback server, at /identity, /compute and
 * /image, written from the protocol reference; shares nothing with the driver.
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

export async function startOpenStackSim(cloud: SimCloud, options: OpenStackSimOptions = {}): Promise<SimEndpoint> {
  const sim = new OpenStackSim(cloud, options);
  const server = await startSimServer((req) => sim.handle(req));
  sim.base = server.url;
  const { account } = sim;
  return {
    kind: "openstack",
    url: sim.keystone.authUrl,
    region: account.region,
    credentials: { username: account.username, password: account.password, userDomain: DOMAIN.name, project: account.projectName, projectDomain: DOMAIN.name },
    close: server.close,
  };
}

class OpenStackSim {
  base = "";
  readonly account: OpenStackAccount;
  readonly keystone: Keystone;
  private readonly nova: Nova;
  private readonly createdAt: number;
  private readonly pageCap: number;
  private readonly random: () => number;

  constructor(
    private readonly cloud: SimCloud,
    options: OpenStackSimOptions,
  ) {
    // Own generator, so tokens and ids do not shift the cloud's seeded fate of VMs.
    const random = createRandom(0x0517);
    this.random = random;
    this.account = {
      region: options.region ?? "RegionOne",
      username: options.username ?? "atlas",
      password: options.password ?? "sim-secret",
      projectName: options.project ?? "atlas-prod",
      userId: randomHex(random, 32),
      projectId: randomHex(random, 32),
    };
    this.pageCap = options.pageCap ?? 1000;
    this.createdAt = cloud.clock.now();
    this.keystone = new Keystone(this.account, cloud.clock, random, options.tokenTtlMs ?? 3_600_000, () => this.base);
    this.nova = new Nova({ cloud, account: this.account, random, pageCap: this.pageCap, url: () => `${this.base}/compute/v2.1` });
  }

  async handle(req: SimRequest): Promise<SimResponse | null> {
    const fault = await applyFaults(this.cloud);
    if (fault.kind === "hang") return null;
    const [service, rest] = splitPath(req.url.pathname);
    if (service === null) return render({ status: 404, text: "404 Not Found" });
    if (fault.kind === "error") {
      return render(errorReply(service, 500, "An unexpected error prevented the server from fulfilling your request."));
    }
    if (fault.kind === "rate_limited") {
      return render(errorReply(service, 429, "This request was rate-limited.", { "Retry-After": String(fault.retryAfterSec) }));
    }
    const reply = this.route(service, rest, req);
    const broken = fault.kind === "malformed" && reply.json !== undefined && reply.status < 300;
    return render(broken ? { ...reply, json: breakShape(reply.json ?? {}) } : reply);
  }

  private route(service: Service, rest: string, req: SimRequest): Reply {
    if (service === "identity") return this.keystone.route(req, rest);
    const discovery = service === "compute" ? Nova.isDiscovery(rest) : isGlanceDiscovery(rest);
    if (!discovery && !this.keystone.tokenIsValid(req.headers["x-auth-token"])) return this.keystone.unauthorized();
    if (service === "compute") return this.nova.route(req, rest);
    return routeGlance(req, rest, {
      images: this.cloud.images,
      projectId: this.account.projectId,
      createdAt: this.createdAt,
      pageCap: this.pageCap,
      baseUrl: () => this.base,
      newId: () => randomUuid(this.random),
      uploadFault: () => this.cloud.faults.imageUpload,
    });
  }
}

const SERVICES: Record<string, Service> = { identity: "identity", compute: "compute", image: "image" };

/** The service a path belongs to (its first segment) and the rest of the path. */
function splitPath(pathname: string): [Service | null, string] {
  const match = /^\/([^/]+)(.*)$/.exec(pathname);
  const service = match?.[1] !== undefined && Object.hasOwn(SERVICES, match[1]) ? SERVICES[match[1]] : undefined;
  return service === undefined ? [null, ""] : [service, match?.[2] ?? ""];
}
