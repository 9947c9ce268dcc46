import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { z } from "zod";

/** A person known to the test provider; `groups` lands in the configured groups claim. */
export interface TestOidcUser {
  sub: string;
  name: string;
  email: string;
  username: string;
  groups: string[];
}

/** Fault knobs, as the sim has for clouds: flip them between steps of a test. */
export interface TestOidcFaults {
  /** Every request answers 503 with an HTML page: a provider that is down behind its proxy. */
  down: boolean;
  /** The token endpoint hands out an ID token whose payload was changed after signing. */
  tamperIdToken: boolean;
  /** The token endpoint re-signs the ID token, with the provider's own key, for this audience (null: as issued). */
  idTokenAudience: string | null;
  /** The discovery document is cut off mid-way: a provider answering nonsense. */
  malformedDiscovery: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  faults: TestOidcFaults;
  close(): Promise<void>;
}

export interface StartTestOidcProviderOptions {
  /** The console's public URL: its callback and post-sign-out pages are registered for the client. */
  consoleUrl: string;
  users: readonly TestOidcUser[];
  groupsClaim?: string;
}

export const TEST_OIDC_CLIENT_ID = "cloudscope-test";

/** Where a test in another process (a Playwright spec) flips the knobs: PUT a JSON object of those to change. */
export const TEST_OIDC_FAULTS_PATH = "/test-faults";

const faultsChange = z.strictObject({ down: z.boolean(), tamperIdToken: z.boolean(), idTokenAudience: z.string().nullable(), malformedDiscovery: z.boolean() }).partial();

/**
 * A real OpenID Connect provider (the certified oidc-provider package) on a free loopback
 * port, with one confidential client for the console and users carrying groups. Its
 * development login form accepts any of the users' subjects as the login name (the password
 * is ignored); consent is pre-granted, as for a first-party client.
 */
export async function startTestOidcProvider({ consoleUrl, users, groupsClaim = "groups" }: StartTestOidcProviderOptions): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString("hex");
  const faults: TestOidcFaults = { down: false, tamperIdToken: false, idTokenAudience: null, malformedDiscovery: false };
  const byId = new Map(users.map((u) => [u.sub, u]));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_OIDC_CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${consoleUrl}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${consoleUrl}/login`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: "test", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username", groupsClaim] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, sub) => {
      const found = byId.get(sub);
      if (!found) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: found.name, email: found.email, email_verified: true, preferred_username: found.username, [groupsClaim]: found.groups }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    if (faults.down) {
      ctx.status = 503;
      ctx.type = "html";
      ctx.body = "<html><body>Service Unavailable</body></html>";
      return;
    }
    if (faults.malformedDiscovery && ctx.path === "/.well-known/openid-configuration") {
      ctx.type = "json";
      ctx.body = `{"issuer": "${issuer}", "authorization_endpoint": `;
      return;
    }
    await next();
    // Its built-in pages import a web font; the browser under test must not go off this machine for it.
    ctx.set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'");
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path !== "/token" || typeof body?.id_token !== "string") return;
    if (faults.tamperIdToken) ctx.body = { ...body, id_token: tamperPayload(body.id_token) };
    if (faults.idTokenAudience) ctx.body = { ...body, id_token: resignForAudience(body.id_token, faults.idTokenAudience, privateKey) };
  });
  const handle = provider.callback();
  server.on("request", (req, res) => {
    if (req.url === TEST_OIDC_FAULTS_PATH && req.method === "PUT") void changeFaults(req, res, faults);
    else void handle(req, res);
  });

  return {
    issuer,
    clientId: TEST_OIDC_CLIENT_ID,
    clientSecret,
    faults,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Changes a claim and keeps the signature: the token a forger would send. */
function tamperPayload(jwt: string): string {
  const [header, payload = "", signature] = jwt.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...claims, sub: `${String(claims.sub)}-forged` })).toString("base64url"), signature].join(".");
}

/** The same claims for `audience`, signed with the provider's key: for another client, a genuine token that is not ours. */
function resignForAudience(jwt: string, audience: string, key: KeyObject): string {
  const [header = "", payload = ""] = jwt.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  const signed = `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: audience, azp: audience })).toString("base64url")}`;
  return `${signed}.${sign("sha256", Buffer.from(signed), key).toString("base64url")}`;
}

async function changeFaults(req: http.IncomingMessage, res: http.ServerResponse, faults: TestOidcFaults): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let change: z.infer<typeof faultsChange>;
  try {
    change = faultsChange.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
  } catch (error) {
    res.writeHead(400, { "content-type": "text/plain" }).end(`bad fault knobs: ${(error as Error).message}`);
    return;
  }
  Object.assign(faults, change);
  res.writeHead(204).end();
}
