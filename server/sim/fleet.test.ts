import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "./core/clock";
import { startDemoFleet, type DemoFleet } from "./fleet";

describe("demo fleet control API", () => {
  let fleet: DemoFleet;
  beforeAll(async () => {
    fleet = await startDemoFleet({ clock: new ManualClock(), autopilotMs: null, prefill: false });
  });
  afterAll(async () => fleet?.close());

  it("gives each demo cloud's endpoint, region, credentials and client settings", async () => {
    const clouds = (await (await fetch(`${fleet.controlUrl}/clouds`)).json()) as { name: string; kind: string; url: string; region: string | null; client: { env: Record<string, string> } }[];
    const cern = clouds.find((c) => c.name === "CERN LxCloud");
    expect(cern).toMatchObject({ kind: "openstack", region: "cern-geneva", client: { env: { OS_AUTH_URL: cern?.url, OS_REGION_NAME: "cern-geneva", OS_USERNAME: "atlas" } } });
    const hotel = clouds.find((c) => c.kind === "ec2");
    expect(hotel?.client.env).toMatchObject({ AWS_ACCESS_KEY_ID: expect.any(String), AWS_SECRET_ACCESS_KEY: expect.any(String), AWS_DEFAULT_REGION: "fg-hotel" });
    expect(clouds.find((c) => c.kind === "opennebula")?.client.env).toEqual({ ONE_XMLRPC: expect.stringMatching(/\/RPC2$/) });
  });

  it("serves a cloud's client settings as a snippet to source", async () => {
    const res = await fetch(`${fleet.controlUrl}/clouds/${encodeURIComponent("UVic Nefos")}/client`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/^export OS_AUTH_URL=http:\/\/127\.0\.0\.1:\d+\/identity\/v3$/m);
    expect(text).toContain("export OS_REGION_NAME=uvic-victoria");
    expect((await fetch(`${fleet.controlUrl}/clouds/${encodeURIComponent("UVic Nefos")}/client`, { method: "PUT" })).status).toBe(404);
  });
});

describe("demo fleet boot time", () => {
  it("boots every VM within the configured slowest boot, and not at once", async () => {
    const fleet = await startDemoFleet({ clock: new ManualClock(), autopilotMs: null, prefill: false, maxBootMs: 8_000 });
    try {
      const { sim } = fleet.clouds[0]!;
      const vms = Array.from({ length: 20 }, (_, i) => sim.createVm({ name: `boot-${i}`, imageId: sim.images[0]!.id, flavorId: sim.flavors[0]!.id }));
      const bootMs = vms.map((vm) => vm.bootedAt - vm.scheduledAt);
      expect(Math.max(...bootMs)).toBeLessThanOrEqual(8_000);
      expect(Math.min(...bootMs)).toBeGreaterThanOrEqual(2_000);
    } finally {
      await fleet.close();
    }
  });
});
