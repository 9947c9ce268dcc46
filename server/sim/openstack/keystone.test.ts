import { afterEach, describe, expect, it } from "vitest";
import { createQuickCloud } from "../../testing/quick-cloud";
import type { SimEndpoint } from "../core/endpoint";
import { startOpenStackSim } from "./server";

/** Keystone v3 of the sim over plain HTTP: who gets a token, what it opens, and for how long. */

const endpoints: SimEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function setUp() {
  const { cloud, clock } = createQuickCloud({ name: "keystone-sim", seed: 3, imageId: "img-1" });
  const endpoint = await startOpenStackSim(cloud, { region: "r1", tokenTtlMs: 60_000 });
  endpoints.push(endpoint);
  const { username, password, project } = endpoint.credentials;
  const authenticate = (options: { password?: string; scoped?: boolean } = {}) => {
    const identity = { methods: ["password"], password: { user: { name: username, domain: { name: "Default" }, password: options.password ?? password } } };
    const scope = options.scoped === false ? {} : { scope: { project: { name: project, domain: { name: "Default" } } } };
    return fetch(`${endpoint.url}/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ auth: { identity, ...scope } }) });
  };
  const base = endpoint.url.replace(/\/identity\/v3$/, "");
  const flavors = (token: string) => fetch(`${base}/compute/v2.1/flavors`, { headers: { "X-Auth-Token": token } });
  return { clock, endpoint, authenticate, flavors };
}

describe("Keystone of the OpenStack sim", () => {
  it("answers a wrong password with 401 in Keystone's error body", async () => {
    const { authenticate } = await setUp();
    const refused = await authenticate({ password: "nope" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-subject-token")).toBeNull();
    expect(await refused.json()).toEqual({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
  });

  it("lists each service's public endpoint in our region among an internal one and another region's", async () => {
    const { authenticate } = await setUp();
    const reply = await authenticate();
    expect(reply.status).toBe(201);
    const { token } = (await reply.json()) as { token: { catalog: { type: string; endpoints: { interface: string; region_id: string }[] }[] } };
    expect(token.catalog.map((entry) => entry.type)).toEqual(["identity", "compute", "image"]);
    for (const entry of token.catalog) {
      expect(entry.endpoints.map((e) => [e.interface, e.region_id])).toEqual([
        ["internal", "r1"],
        ["public", "r1"],
        ["public", "other-r1"],
      ]);
    }
  });

  it("gives a token that opens Nova until it expires on the sim's clock, then 401 with where to authenticate", async () => {
    const { clock, endpoint, authenticate, flavors } = await setUp();
    const token = (await authenticate()).headers.get("x-subject-token")!;
    expect((await flavors(token)).status).toBe(200);
    clock.advance(59_999);
    expect((await flavors(token)).status).toBe(200);
    clock.advance(1);
    const expired = await flavors(token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toBe(`Keystone uri="${endpoint.url}"`);
  });

  it("gives an unscoped token no catalog and no service", async () => {
    const { authenticate, flavors } = await setUp();
    const reply = await authenticate({ scoped: false });
    expect(reply.status).toBe(201);
    expect(((await reply.json()) as { token: Record<string, unknown> }).token.catalog).toBeUndefined();
    expect((await flavors(reply.headers.get("x-subject-token")!)).status).toBe(401);
  });
});
