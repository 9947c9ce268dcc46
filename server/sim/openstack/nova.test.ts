import { afterEach, describe, expect, it } from "vitest";
import { createQuickCloud } from "../../testing/quick-cloud";
import type { SimEndpoint } from "../core/endpoint";
import { startOpenStackSim } from "./server";

/** Nova v2.1 of the sim over plain HTTP: creating servers, paging, and the faults a driver must survive. */

const endpoints: SimEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function setUp(options: { instances?: number; pageCap?: number } = {}) {
  const { cloud } = createQuickCloud({ name: "nova-sim", seed: 3, imageId: "img-1", idStyle: "uuid", quota: { instances: options.instances ?? 10, cores: 40, ramMb: 81_920 } });
  const endpoint = await startOpenStackSim(cloud, { pageCap: options.pageCap });
  endpoints.push(endpoint);
  const { username, password, project } = endpoint.credentials;
  const auth = {
    identity: { methods: ["password"], password: { user: { name: username, domain: { name: "Default" }, password } } },
    scope: { project: { name: project, domain: { name: "Default" } } },
  };
  const token = (await fetch(`${endpoint.url}/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ auth }) })).headers.get("x-subject-token")!;
  const compute = endpoint.url.replace(/\/identity\/v3$/, "/compute/v2.1");
  const nova = (path: string, init: { method?: string; body?: unknown; microversion?: string } = {}) =>
    fetch(path.startsWith("http") ? path : `${compute}${path}`, {
      method: init.method ?? "GET",
      headers: { "X-Auth-Token": token, "content-type": "application/json", "OpenStack-API-Version": `compute ${init.microversion ?? "2.79"}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const server = (extra: Record<string, unknown> = {}) => ({ server: { name: "wn", imageRef: "img-1", flavorRef: "m1.small", networks: "auto", ...extra } });
  return { cloud, nova, server };
}

describe("Nova of the OpenStack sim", () => {
  it("accepts a server (202) with its base64 user data, and refuses non-base64 user data as a bad request", async () => {
    const { cloud, nova, server } = await setUp();
    const created = await nova("/servers", { method: "POST", body: server({ user_data: Buffer.from("#!/bin/sh\n").toString("base64") }) });
    expect(created.status).toBe(202);
    const { server: body } = (await created.json()) as { server: { id: string } };
    expect(cloud.getVm(body.id)?.userData).toBe("#!/bin/sh\n");
    const refused = await nova("/servers", { method: "POST", body: server({ user_data: "not base64!" }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ badRequest: { code: 400 } });
  });

  it("refuses a server over quota with 403 and Nova's words, and boots as many as quota allows when min_count permits", async () => {
    const { cloud, nova, server } = await setUp({ instances: 2 });
    expect((await nova("/servers", { method: "POST", body: server({ min_count: 1, max_count: 5 }) })).status).toBe(202);
    expect(cloud.listVms().map((vm) => vm.name)).toEqual(["wn-1", "wn-2"]);
    const refused = await nova("/servers", { method: "POST", body: server() });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ forbidden: { code: 403, message: "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances" } });
  });

  it("pages the server list at its cap with next links that carry the marker; a full last page leads to an empty one", async () => {
    const { cloud, nova } = await setUp({ pageCap: 2 });
    for (let i = 0; i < 4; i++) cloud.createVm({ name: `wn-${i}`, imageId: "img-1", flavorId: "m1.small" });
    const names: string[] = [];
    let next: string | undefined = "/servers/detail";
    let pages = 0;
    while (next) {
      const page = (await (await nova(next)).json()) as { servers: { name: string }[]; servers_links?: { rel: string; href: string }[] };
      names.push(...page.servers.map((s) => s.name));
      next = page.servers_links?.find((l) => l.rel === "next")?.href;
      if (next) expect(new URL(next).searchParams.get("marker")).toBeTruthy();
      pages += 1;
    }
    expect(names.sort()).toEqual(["wn-0", "wn-1", "wn-2", "wn-3"]);
    expect(pages).toBe(3);
  });

  it("throttles with 429, a Retry-After header and overLimit's retryAfter", async () => {
    const { cloud, nova } = await setUp();
    cloud.setFaults({ rateLimitPerSec: 1 });
    const replies = await Promise.all([nova("/flavors"), nova("/flavors"), nova("/flavors")]);
    const throttled = replies.find((r) => r.status === 429);
    expect(throttled?.headers.get("retry-after")).toBe("1");
    expect(await throttled?.json()).toEqual({ overLimit: { code: 429, message: "This request was rate-limited.", retryAfter: "1" } });
  });

  it("takes the symbolic network auto only from microversion 2.37", async () => {
    const { nova, server } = await setUp();
    const old = await nova("/servers", { method: "POST", body: server(), microversion: "2.36" });
    expect(old.status).toBe(400);
    expect((await nova("/servers", { method: "POST", body: server(), microversion: "2.37" })).status).toBe(202);
  });

  it("answers an unknown server with itemNotFound", async () => {
    const { nova } = await setUp();
    const reply = await nova("/servers/00000000-0000-4000-8000-000000000000");
    expect(reply.status).toBe(404);
    expect(await reply.json()).toMatchObject({ itemNotFound: { code: 404 } });
  });
});
