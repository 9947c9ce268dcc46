import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../sim/core/clock";
import type { SimEndpoint } from "../../sim/core/endpoint";
import { SimCloud, type SimQuota } from "../../sim/core/sim-cloud";
import { startCloudSigmaSim } from "../../sim/cloudsigma/server";
import { createHash } from "node:crypto";
import type { CloudDriver, LaunchRequest, PublishImageRequest } from "../driver";
import { createDriver } from "../driver-registry";

const HOUR = 3_600_000;
const LIBDRIVE = "5f0c7d3e-4b1a-4c8e-9d2f-0a1b2c3d4e5f";
const endpoints: SimEndpoint[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

interface Setup {
  quota?: Partial<SimQuota>;
}

async function setUp(setup: Setup = {}) {
  const clock = new ManualClock();
  const cloud = new SimCloud({
    name: "helix-test",
    seed: 9,
    clock,
    quota: { instances: 500, cores: 2000, ramMb: 4_000_000, ...setup.quota },
    flavors: [
      { id: "sim-1c", name: "1c-2g", vcpus: 1, ramMb: 2048, diskGb: 20 },
      { id: "sim-4c", name: "4c-8g", vcpus: 4, ramMb: 8192, diskGb: 40 },
    ],
    images: [{ id: LIBDRIVE, name: "CernVM 3 ATLAS", os: "SLC6 x86_64", sizeBytes: 20 * 1024 ** 3, sha512: "c".repeat(128) }],
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [30_000, 30_000],
    jobMs: [HOUR, HOUR],
    jobsPerVm: [3, 3],
    bootFailureRate: 0,
  });
  const endpoint = await startCloudSigmaSim(cloud);
  endpoints.push(endpoint);
  const driver: CloudDriver = createDriver({
    kind: "cloudsigma",
    endpoint: endpoint.url,
    region: null,
    credentials: endpoint.credentials,
    timeoutMs: 2_000,
  });
  /** Reads the sim directly, as a second client would. */
  const get = async (path: string) => {
    const auth = Buffer.from(`${endpoint.credentials.email}:${endpoint.credentials.password}`).toString("base64");
    const res = await fetch(`${endpoint.url}${path}`, { headers: { authorization: `Basic ${auth}` } });
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null };
  };
  return { cloud, clock, driver, get };
}

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return { name: "atlas-wn", imageId: LIBDRIVE, flavorId: "large", userData: "#!/bin/sh\necho pilot\n", metadata: { panda_queue: "HELIX_NEBULA" }, clientToken: "act-1", ...overrides };
}

const IMAGE_BYTES = Buffer.from("raw image bytes ".repeat(4096));

function publishRequest(overrides: Partial<PublishImageRequest> = {}): PublishImageRequest {
  const identifier = "5f1d3c2a-0000-4000-8000-000000000001";
  return { name: "atlas-wn-2.3.1", identifier, versionLabel: "atlas-wn 2.3.1", diskFormat: "raw", sizeBytes: IMAGE_BYTES.length, sourceUrl: `http://console.invalid/api/image-files/${identifier}`, openBytes: () => new Blob([IMAGE_BYTES]).stream(), ...overrides };
}

function recordRequests(): { url: string; method: string }[] {
  const seen: { url: string; method: string }[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    seen.push({ url: String(input), method: init?.method ?? "GET" });
    return realFetch(input, init);
  });
  return seen;
}

describe("CloudSigma driver against the Helix Nebula sim: what only CloudSigma does (the rest is in driver-contract.test.ts)", () => {
  it("clones the image, creates and starts the server, then follows it to running", async () => {
    const { cloud, clock, driver, get } = await setUp();
    const seen = recordRequests();
    const [id] = (await driver.launch(request())).providerIds;
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)).toEqual([
      `POST /api/2.0/libdrives/${LIBDRIVE}/action/?do=clone`,
      expect.stringMatching(/^GET \/api\/2\.0\/drives\/[0-9a-f-]+\/$/),
      "POST /api/2.0/servers/",
      `POST /api/2.0/servers/${id}/action/?do=start`,
    ]);

    expect(await driver.listVms()).toEqual([
      {
        providerId: id,
        name: "atlas-wn",
        state: "booting",
        rawState: "starting",
        flavorId: "large",
        imageId: LIBDRIVE,
        ip: "10.0.0.1",
        createdAt: new Date(clock.now()),
        metadata: { panda_queue: "HELIX_NEBULA", cloudscope_token: "act-1", cloudscope_image: LIBDRIVE },
        fault: null,
      },
    ]);
    clock.advance(31_000);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "running", rawState: "running" })]);
    expect(cloud.listVms()[0]?.userData).toBe("#!/bin/sh\necho pilot\n");
    const server = (await get(`servers/${id}/`)).body;
    expect(server).toMatchObject({ cpu: 8000, mem: 8 * 1024 ** 3, smp: 4, meta: { base64_fields: "cloudinit-user-data" } });
  });

  it("pages through 120 servers", async () => {
    const { cloud, driver } = await setUp();
    for (let i = 0; i < 120; i++) cloud.createVm({ name: `wn-${i}`, imageId: LIBDRIVE, flavorId: "sim-1c" });
    const seen = recordRequests();
    const vms = await driver.listVms();
    expect(vms).toHaveLength(120);
    expect(new Set(vms.map((v) => v.providerId)).size).toBe(120);
    expect(vms[119]).toMatchObject({ name: "wn-119", flavorId: "small" });
    expect(seen.map((r) => new URL(r.url).search)).toEqual(["?limit=100&offset=0", "?limit=100&offset=100"]);
  });

  it("drains through meta without losing the user data, then sees the server stopped", async () => {
    const { clock, driver, get } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    clock.advance(31_000);
    await driver.setMetadata(id!, { cloudscope_drain: "1" });
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "draining", rawState: "running", metadata: expect.objectContaining({ cloudscope_drain: "1", panda_queue: "HELIX_NEBULA" }) })]);
    expect((await get(`servers/${id}/`)).body?.meta).toMatchObject({ "cloudinit-user-data": Buffer.from("#!/bin/sh\necho pilot\n").toString("base64") });
    clock.advance(HOUR);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "terminated", rawState: "stopped" })]);
  });

  it("stops a running server before deleting it with its drive; a second destroy is no error", async () => {
    const { clock, driver, get } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    clock.advance(31_000);
    const drive = ((await get(`servers/${id}/`)).body?.drives as { drive: { uuid: string } }[])[0]!.drive.uuid;
    const seen = recordRequests();
    await driver.destroy(id!);
    expect(seen.map((r) => `${r.method} ${new URL(r.url).search}`)).toEqual(["GET ", "POST ?do=stop", "GET ", "DELETE ?recurse=all_drives"]);
    expect(await driver.listVms()).toEqual([]);
    expect((await get(`drives/${drive}/`)).status).toBe(404);
    await expect(driver.destroy(id!)).resolves.toBeUndefined();
  });

  it("destroys a server the site's own scheduler started", async () => {
    const { cloud, clock, driver } = await setUp();
    cloud.createVm({ name: "site-wn", imageId: LIBDRIVE, flavorId: "sim-4c" });
    clock.advance(31_000);
    const [vm] = await driver.listVms();
    expect(vm).toMatchObject({ name: "site-wn", state: "running", providerId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4/) });
    await driver.destroy(vm!.providerId);
    expect(await driver.listVms()).toEqual([]);
    expect(cloud.usage().instances).toBe(0);
  });

  it("passes a refused start (402) on as quota, leaving no server or drive behind", async () => {
    const { driver, get } = await setUp({ quota: { instances: 1 } });
    await driver.launch(request());
    const seen = recordRequests();
    await expect(driver.launch(request({ clientToken: "act-2" }))).rejects.toMatchObject({ kind: "quota", status: 402, message: expect.stringContaining("Not enough funds") });
    const paths = seen.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);
    expect(paths.at(-1)).toMatch(/^DELETE \/api\/2\.0\/servers\/[0-9a-f-]+\/\?recurse=all_drives$/);
    const drivePath = paths.find((p) => p.startsWith("GET /api/2.0/drives/"))!.slice("GET /api/2.0/".length);
    expect((await get(drivePath)).status).toBe(404);
    expect(await driver.listVms()).toHaveLength(1);
  });

  it("counts live servers and the cores and RAM they use, with no limits", async () => {
    const { clock, driver } = await setUp();
    const [first] = (await driver.launch(request())).providerIds;
    await driver.launch(request({ flavorId: "small", clientToken: "act-2" }));
    clock.advance(31_000);
    await driver.destroy(first!);
    await driver.launch(request({ clientToken: "act-3" }));
    expect(await driver.getQuota()).toEqual({ instances: { used: 2, limit: null }, cores: { used: 5, limit: null }, ramMb: { used: 10_240, limit: null } });
  });

  it("lists disk images and the fixed sizes; refuses an unknown size before cloning", async () => {
    const { driver, get } = await setUp();
    expect(await driver.listImages()).toEqual([{ providerId: LIBDRIVE, name: "CernVM 3 ATLAS", status: "unmounted", sizeBytes: 20 * 1024 ** 3, checksum: null, os: "linux" }]);
    expect((await driver.listFlavors()).map((f) => f.providerId)).toEqual(["small", "medium", "large"]);
    await expect(driver.launch(request({ flavorId: "2c-4g" }))).rejects.toMatchObject({ kind: "bad_request" });
    expect((await get("servers/")).body?.meta).toMatchObject({ total_count: 0 });
  });

  it("publishes by uploading the bytes as a drive, tags it with the version, boots it, and finds it again instead of uploading a twin", async () => {
    const { cloud, clock, driver } = await setUp();
    const seen = recordRequests();
    const copy = await driver.publishImage!(publishRequest());
    expect(copy).toEqual({ providerImageId: expect.stringMatching(/^[0-9a-f-]{36}$/), hashAlgo: null, hashValue: null });
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["GET /api/2.0/libdrives/", "POST /api/2.0/drives/upload/", `PUT /api/2.0/drives/${copy.providerImageId}/`]);
    expect(cloud.images.find((i) => i.id === copy.providerImageId)).toMatchObject({
      name: "atlas-wn-2.3.1",
      sha512: createHash("sha512").update(IMAGE_BYTES).digest("hex"),
      properties: { cloudscope_version_id: publishRequest().identifier, cloudscope_version: "atlas-wn 2.3.1" },
    });

    expect((await driver.publishImage!(publishRequest())).providerImageId).toBe(copy.providerImageId);
    expect(cloud.images.filter((i) => i.properties?.cloudscope_version_id === publishRequest().identifier)).toHaveLength(1);
    const [vm] = (await driver.launch(request({ imageId: copy.providerImageId }))).providerIds;
    clock.advance(31_000);
    expect((await driver.listVms()).find((v) => v.providerId === vm)).toMatchObject({ state: "running", imageId: copy.providerImageId });
  });

  it("reports a refused upload in CloudSigma's words and leaves no drive behind", async () => {
    const { cloud, driver } = await setUp();
    cloud.setFaults({ imageUpload: "over_quota" });
    await expect(driver.publishImage!(publishRequest())).rejects.toMatchObject({ kind: "quota", message: expect.stringContaining("Not enough storage") });
    expect(cloud.images).toHaveLength(1);
  });
});
