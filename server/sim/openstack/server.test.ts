import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuickCloud } from "../../testing/quick-cloud";
import type { SimEndpoint } from "../core/endpoint";
import { startOpenStackSim } from "./server";

/** The version documents and list filters a standard client relies on, over plain HTTP. */

describe("OpenStack sim discovery and filters", () => {
  const { cloud, clock } = createQuickCloud({ name: "openstack-sim", seed: 3, imageId: "img-1", idStyle: "uuid", keepDeletedMs: 3_600_000 });
  let endpoint: SimEndpoint;
  let base: string;
  let token: string;
  const nova = async (path: string) => (await fetch(`${base}/compute/v2.1${path}`, { headers: { "X-Auth-Token": token } })).json() as Promise<any>;

  beforeAll(async () => {
    endpoint = await startOpenStackSim(cloud, { region: "r1" });
    base = endpoint.url.replace(/\/identity\/v3$/, "");
    const auth = {
      auth: {
        identity: { methods: ["password"], password: { user: { name: endpoint.credentials.username, domain: { name: "Default" }, password: endpoint.credentials.password } } },
        scope: { project: { name: endpoint.credentials.project, domain: { name: "Default" } } },
      },
    };
    const res = await fetch(`${endpoint.url}/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(auth) });
    token = res.headers.get("x-subject-token") ?? "";
    cloud.createVm({ name: "alpha", imageId: "img-1", flavorId: "m1.small" });
    cloud.createVm({ name: "beta", imageId: "img-1", flavorId: "m1.small" });
  });
  afterAll(async () => endpoint?.close());

  it("answers version discovery without a token: Keystone 200 at /v3, Glance 300 at its root, Nova 200 at /v2.1", async () => {
    const keystone = await fetch(endpoint.url);
    expect(keystone.status).toBe(200);
    expect(await keystone.json()).toMatchObject({ version: { id: "v3.14", status: "stable", links: [{ rel: "self", href: `${endpoint.url}/` }] } });
    const glance = await fetch(`${base}/image/`);
    expect(glance.status).toBe(300);
    expect(await glance.json()).toMatchObject({ versions: expect.arrayContaining([expect.objectContaining({ id: "v2.16", status: "CURRENT" })]) });
    const compute = await fetch(`${base}/compute/v2.1`);
    expect(await compute.json()).toMatchObject({ version: { id: "v2.1", status: "CURRENT", min_version: "2.1", version: "2.79" } });
  });

  it("filters servers by name as a regular expression and lists names only at /servers", async () => {
    expect((await nova("/servers?name=zzz")).servers).toEqual([]);
    expect((await nova("/servers?name=^al")).servers.map((s: { name: string }) => s.name)).toEqual(["alpha"]);
    expect(Object.keys((await nova("/servers")).servers[0]).sort()).toEqual(["id", "links", "name"]);
  });

  it("shows deleted servers only to changes-since", async () => {
    const [gone] = cloud.listVms();
    clock.advance(1_000);
    cloud.deleteVm(gone!.id);
    expect((await nova("/servers/detail")).servers.map((s: { id: string }) => s.id)).not.toContain(gone!.id);
    const since = new Date(clock.now() - 60_000).toISOString();
    const changed = (await nova(`/servers/detail?changes-since=${since}`)).servers as { id: string; status: string }[];
    expect(changed.find((s) => s.id === gone!.id)?.status).toBe("DELETED");
    expect((await fetch(`${base}/compute/v2.1/servers/detail?changes-since=yesterday`, { headers: { "X-Auth-Token": token } })).status).toBe(400);
  });

  it("gives a flavor's extra specs", async () => {
    expect(await nova("/flavors/m1.small/os-extra_specs")).toEqual({ extra_specs: {} });
  });
});
