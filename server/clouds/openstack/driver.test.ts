import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../sim/core/clock";
import type { SimEndpoint } from "../../sim/core/endpoint";
import { SimCloud, type SimQuota } from "../../sim/core/sim-cloud";
import { startOpenStackSim, type OpenStackSimOptions } from "../../sim/openstack/server";
import { createHash } from "node:crypto";
import type { CloudDriver, LaunchRequest, PublishImageRequest } from "../driver";
import { createDriver } from "../driver-registry";

const HOUR = 3_600_000;
const endpoints: SimEndpoint[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

interface Setup {
  quota?: Partial<SimQuota>;
  sim?: OpenStackSimOptions;
  /** The driver's clock; by default the cloud's. */
  driverClock?: ManualClock;
  region?: string;
}

async function setUp(setup: Setup = {}): Promise<{ cloud: SimCloud; clock: ManualClock; driver: CloudDriver }> {
  const clock = new ManualClock();
  const cloud = new SimCloud({
    name: "openstack-test",
    seed: 11,
    clock,
    quota: { instances: 500, cores: 2000, ramMb: 4_000_000, ...setup.quota },
    flavors: [
      { id: "f-small", name: "m1.small", vcpus: 1, ramMb: 2048, diskGb: 20 },
      { id: "f-large", name: "m1.large", vcpus: 4, ramMb: 8192, diskGb: 80 },
    ],
    images: ["a", "b", "c", "d", "e"].map((x) => ({ id: `img-${x}`, name: `atlas-${x}`, os: "alma9", sizeBytes: 1_000, sha512: x.repeat(128) })),
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [10_000, 10_000],
    jobMs: [HOUR, HOUR],
    jobsPerVm: [3, 3],
    bootFailureRate: 0,
    keepDeletedMs: HOUR,
  });
  const endpoint = await startOpenStackSim(cloud, setup.sim);
  endpoints.push(endpoint);
  const driverClock = setup.driverClock ?? clock;
  const driver = createDriver(
    {
      kind: "openstack",
      endpoint: endpoint.url,
      region: setup.region ?? endpoint.region,
      credentials: endpoint.credentials,
      timeoutMs: 2_000,
    },
    { now: () => driverClock.now() },
  );
  return { cloud, clock, driver };
}

/** Records what the driver sends, passing every request through. */
function recordRequests(): { url: string; method: string; status: number }[] {
  const seen: { url: string; method: string; status: number }[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const res = await realFetch(input, init);
    seen.push({ url: String(input), method: init?.method ?? "GET", status: res.status });
    return res;
  });
  return seen;
}

const authCount = (seen: { url: string }[]) => seen.filter((r) => r.url.endsWith("/auth/tokens")).length;

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return { name: "atlas-wn", imageId: "img-a", flavorId: "f-large", userData: "#!/bin/sh\necho pilot\n", metadata: { panda_queue: "CERN-P1" }, clientToken: "act-1", ...overrides };
}

const IMAGE_BYTES = Buffer.from("qcow2 image bytes ".repeat(4096));

function publishRequest(overrides: Partial<PublishImageRequest> = {}): PublishImageRequest {
  return {
    name: "atlas-wn-2.3.1",
    identifier: "5f1d3c2a-0000-4000-8000-000000000001",
    versionLabel: "atlas-wn 2.3.1",
    diskFormat: "qcow2",
    sizeBytes: IMAGE_BYTES.length,
    sourceUrl: "http://console.invalid/api/image-files/5f1d3c2a-0000-4000-8000-000000000001",
    openBytes: () => new Blob([IMAGE_BYTES]).stream(),
    ...overrides,
  };
}

function fill(cloud: SimCloud, count: number): string[] {
  return Array.from({ length: count }, (_, i) => cloud.createVm({ name: `wn-${i}`, imageId: "img-a", flavorId: "f-small" }).id);
}

describe("OpenStack driver against the Keystone/Nova/Glance sim: what only OpenStack does (the rest is in driver-contract.test.ts)", () => {
  it.each([120, 100])("lists all %i servers when Nova pages at 50", async (count) => {
    const { cloud, driver } = await setUp({ sim: { pageCap: 50 } });
    const ids = fill(cloud, count);
    const seen = recordRequests();
    const vms = await driver.listVms();
    expect(vms.map((v) => v.providerId).sort()).toEqual([...ids].sort());
    expect(seen.filter((r) => r.url.includes("/servers/detail") && !r.url.includes("changes-since")).length).toBe(3);
    expect(vms[0]).toMatchObject({ flavorId: "f-small", imageId: "img-a", state: "requested", rawState: "BUILD/scheduling" });
  });

  it("sees a server deleted by someone else as terminated while Nova still reports it to changes-since", async () => {
    const { cloud, clock, driver } = await setUp();
    const [id] = fill(cloud, 1);
    clock.advance(60_000);
    cloud.deleteVm(id!);
    clock.advance(60_000);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ providerId: id, state: "terminated", rawState: expect.stringMatching(/^DELETED/) })]);
  });

  it("follows Glance's next link and reports sha512 digests", async () => {
    const { driver } = await setUp({ sim: { pageCap: 2 } });
    const images = await driver.listImages();
    expect(images.map((i) => i.providerId).sort()).toEqual(["img-a", "img-b", "img-c", "img-d", "img-e"]);
    expect(images.find((i) => i.providerId === "img-c")).toMatchObject({ status: "active", checksum: "c".repeat(128), os: "alma9" });
  });

  it("shares one token across calls and renews it shortly before it expires", async () => {
    const { clock, driver } = await setUp({ sim: { tokenTtlMs: HOUR } });
    const seen = recordRequests();
    await driver.listVms();
    clock.advance(HOUR / 2);
    await driver.listFlavors();
    expect(authCount(seen)).toBe(1);
    clock.advance(HOUR / 2 - 30_000);
    await driver.listFlavors();
    expect(authCount(seen)).toBe(2);
    expect(seen.some((r) => r.status === 401)).toBe(false);
  });

  it("re-authenticates once when Nova refuses a token the driver still thought valid", async () => {
    const { clock, driver } = await setUp({ driverClock: new ManualClock() });
    const seen = recordRequests();
    await driver.listFlavors();
    clock.advance(2 * HOUR);
    await expect(driver.listFlavors()).resolves.toHaveLength(2);
    expect(authCount(seen)).toBe(2);
    expect(seen.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it("gives up with kind auth when even a fresh token is refused", async () => {
    const { driver } = await setUp({ sim: { tokenTtlMs: 0 } });
    const seen = recordRequests();
    await expect(driver.listFlavors()).rejects.toMatchObject({ kind: "auth" });
    expect(authCount(seen)).toBe(2);
  });

  it("shows a launched server in Nova's task states, the client token riding in metadata", async () => {
    const { clock, driver } = await setUp();
    const { providerIds } = await driver.launch(request());
    expect(providerIds).toHaveLength(1);
    const id = providerIds[0] ?? "";
    const find = async () => (await driver.listVms()).find((v) => v.providerId === id);

    expect(await find()).toMatchObject({ state: "requested", name: "atlas-wn", metadata: { panda_queue: "CERN-P1", cloudscope_token: "act-1" } });
    clock.advance(2_000);
    expect(await find()).toMatchObject({ state: "booting", rawState: "BUILD/spawning" });
    clock.advance(10_000);
    expect(await find()).toMatchObject({ state: "running", rawState: "ACTIVE" });
  });

  it("reads quota usage, with an unlimited ceiling as null", async () => {
    const { driver } = await setUp({ quota: { instances: 10, cores: Number.POSITIVE_INFINITY } });
    await driver.launch(request());
    await driver.launch(request({ clientToken: "act-2" }));
    expect(await driver.getQuota()).toEqual({ instances: { used: 2, limit: 10 }, cores: { used: 8, limit: null }, ramMb: { used: 16_384, limit: 4_000_000 } });
  });

  it("says so when the catalog has no endpoint in the configured region", async () => {
    const { driver } = await setUp({ region: "Nowhere" });
    await expect(driver.listVms()).rejects.toThrow("The Keystone catalog has no public compute endpoint in region Nowhere");
  });

  it("publishes an image through Glance: created with the version's properties, bytes uploaded, Glance's own sha512 read back", async () => {
    const { cloud, driver } = await setUp();
    const seen = recordRequests();
    const copy = await driver.publishImage!(publishRequest());
    expect(copy).toEqual({ providerImageId: expect.any(String), hashAlgo: "sha512", hashValue: createHash("sha512").update(IMAGE_BYTES).digest("hex") });
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.status}`).filter((r) => r.includes("/image/"))).toEqual([
      "GET /image/v2/images 200",
      "POST /image/v2/images 201",
      `PUT /image/v2/images/${copy.providerImageId}/file 204`,
      `GET /image/v2/images/${copy.providerImageId} 200`,
    ]);
    const stored = cloud.images.find((i) => i.id === copy.providerImageId);
    expect(stored).toMatchObject({ status: "active", sizeBytes: IMAGE_BYTES.length, properties: { cloudscope_version_id: publishRequest().identifier, cloudscope_version: "atlas-wn 2.3.1", disk_format: "qcow2" } });
  });

  it("finds the copy an earlier attempt made instead of uploading a twin, and replaces one left unfinished", async () => {
    const { cloud, driver } = await setUp();
    const first = await driver.publishImage!(publishRequest());
    expect((await driver.publishImage!(publishRequest())).providerImageId).toBe(first.providerImageId);
    // A worker killed mid-upload leaves the image saving: it is deleted and published afresh.
    cloud.images.find((i) => i.id === first.providerImageId)!.status = "saving";
    const again = await driver.publishImage!(publishRequest());
    expect(again.providerImageId).not.toBe(first.providerImageId);
    expect(cloud.images.filter((i) => i.properties?.cloudscope_version_id === publishRequest().identifier).map((i) => i.id)).toEqual([again.providerImageId]);
  });

  it("reports the checksum a corrupting store computed, and a refused upload in Glance's words", async () => {
    const { cloud, driver } = await setUp();
    cloud.setFaults({ imageUpload: "corrupt" });
    const corrupt = await driver.publishImage!(publishRequest());
    expect(corrupt.hashValue).not.toBe(createHash("sha512").update(IMAGE_BYTES).digest("hex"));
    cloud.setFaults({ imageUpload: "over_quota" });
    await expect(driver.publishImage!(publishRequest({ identifier: "5f1d3c2a-0000-4000-8000-000000000002" }))).rejects.toMatchObject({ kind: "quota", message: expect.stringContaining("exceeds the quota") });
  });
});
