import { z } from "zod";
import type { Clock } from "../core/clock";
import type { SimRequest } from "../core/http-server";
import { randomHex } from "../core/random";
import { badMethod, errorReply, notFound, parseJson, type Json, type Reply } from "./reply";

/** Keystone v3 of the sim: version discovery, password tokens and the catalog. */

export const DOMAIN = { id: "default", name: "Default" };
const UNAUTHORIZED = "The request you have made requires authentication.";
/** Keystone of the Zed release. */
const IDENTITY_VERSION = { id: "v3.14", updated: "2020-04-07T00:00:00Z" };

export interface OpenStackAccount {
  region: string;
  username: string;
  password: string;
  projectName: string;
  userId: string;
  projectId: string;
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

export class Keystone {
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly account: OpenStackAccount,
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly tokenTtlMs: number,
    private readonly baseUrl: () => string,
  ) {}

  get authUrl(): string {
    return `${this.baseUrl()}/identity/v3`;
  }

  /** `rest` is the path after /identity. */
  route(req: SimRequest, rest: string): Reply {
    if (rest === "" || rest === "/") {
      return req.method === "GET" ? { status: 300, json: { versions: { values: [this.versionDocument()] } } } : badMethod("identity");
    }
    if (rest === "/v3" || rest === "/v3/") return req.method === "GET" ? { status: 200, json: { version: this.versionDocument() } } : badMethod("identity");
    if (rest === "/v3/auth/tokens" && req.method === "POST") return this.issueToken(req);
    return notFound("identity");
  }

  tokenIsValid(header: string | string[] | undefined): boolean {
    const expiresAt = typeof header === "string" ? this.tokens.get(header) : undefined;
    return expiresAt !== undefined && this.clock.now() < expiresAt;
  }

  unauthorized(): Reply {
    return { ...errorReply("identity", 401, UNAUTHORIZED), headers: { "WWW-Authenticate": `Keystone uri="${this.authUrl}"` } };
  }

  private versionDocument(): Json {
    return {
      id: IDENTITY_VERSION.id,
      status: "stable",
      updated: IDENTITY_VERSION.updated,
      links: [{ rel: "self", href: `${this.authUrl}/` }],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
    };
  }

  private issueToken(req: SimRequest): Reply {
    const parsed = authRequestSchema.safeParse(parseJson(req.body));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return errorReply("identity", 400, `Invalid input for field '${issue?.path.join(".") ?? "auth"}': ${issue?.message ?? "invalid"}`);
    }
    const { identity, scope } = parsed.data.auth;
    const { account } = this;
    const user = identity.password?.user;
    const userMatches = user !== undefined && (user.id === account.userId || (user.name === account.username && isOurDomain(user.domain)));
    if (!identity.methods.includes("password") || !userMatches || user.password !== account.password) {
      return errorReply("identity", 401, UNAUTHORIZED);
    }
    const project = scope?.project;
    if (project && project.id !== account.projectId && !(project.name === account.projectName && isOurDomain(project.domain))) {
      return errorReply("identity", 401, UNAUTHORIZED);
    }
    const now = this.clock.now();
    const expiresAt = now + this.tokenTtlMs;
    const token = `gAAAAAB${randomHex(this.random, 120)}`;
    // An unscoped token opens no service, so it is not remembered.
    if (project) this.tokens.set(token, expiresAt);
    const body: Json = {
      methods: ["password"],
      user: { domain: DOMAIN, id: account.userId, name: account.username, password_expires_at: null },
      audit_ids: [randomHex(this.random, 22)],
      expires_at: keystoneTime(expiresAt),
      issued_at: keystoneTime(now),
    };
    if (project) {
      Object.assign(body, {
        project: { domain: DOMAIN, id: account.projectId, name: account.projectName },
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

  /**
   * Unusable endpoints sit among the real ones, so a client that ignores interface or region
   * fails loudly: an internal one first, another region's after ours (a client given no region
   * takes the first public endpoint, as on a real multi-region cloud).
   */
  private catalog(): Json[] {
    const { region } = this.account;
    const entry = (type: string, name: string, path: string): Json => ({
      id: randomHex(this.random, 32),
      type,
      name,
      endpoints: [
        { id: randomHex(this.random, 32), interface: "internal", region, region_id: region, url: `http://127.0.0.1:1${path}` },
        { id: randomHex(this.random, 32), interface: "public", region, region_id: region, url: `${this.baseUrl()}${path}` },
        { id: randomHex(this.random, 32), interface: "public", region: `other-${region}`, region_id: `other-${region}`, url: `http://127.0.0.1:1${path}` },
      ],
    });
    return [entry("identity", "keystone", "/identity/v3"), entry("compute", "nova", "/compute/v2.1"), entry("image", "glance", "/image")];
  }
}

function isOurDomain(domain: { id?: string; name?: string } | undefined): boolean {
  return domain !== undefined && (domain.id === DOMAIN.id || domain.name === DOMAIN.name);
}

/** Keystone writes microseconds. */
function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}
