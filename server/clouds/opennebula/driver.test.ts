import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../sim/core/clock";
import type { SimEndpoint } from "../../sim/core/endpoint";
import { SimCloud, type SimQuota } from "../../sim/core/sim-cloud";
import { startOpenNebulaSim } from "../../sim/opennebula/server";
import type { CloudDriver, LaunchRequest, PublishImageRequest } from "../driver";
import { createDriver } from "../driver-registry";
import { serveImageFile as startImageFileServer } from "../../testing/image-file-server";

const HOUR = 3_600_000;
const endpoints: SimEndpoint[] = [];
const fileServers: Array<() => Promise<void>> = [];
const IMAGE_BYTES = Buffer.from("raw image bytes ".repeat(4096));
const IDENTIFIER = "5f1d3c2a-0000-4000-8000-000000000001";

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
  await Promise.all(fileServers.splice(0).map((close) => close()));
});

async function serveImageFile(): Promise<string> {
  const { base, close } = await startImageFileServer(IDENTIFIER, IMAGE_BYTES);
  fileServers.push(close);
  return base;
}

function publishRequest(base: string, overrides: Partial<PublishImageRequest> = {}): PublishImageRequest {
  const openBytes = () => {
    throw new Error("OpenNebula downloads the bytes itself");
  };
  return { name: "atlas-wn-2.3.1", identifier: IDENTIFIER, versionLabel: "atlas-wn 2.3.1", diskFormat: "raw", sizeBytes: IMAGE_BYTES.length, sourceUrl: `${base}/api/image-files/${IDENTIFIER}`, openBytes, ...overrides };
}

interface Setup {
  quota?: Partial<SimQuota>;
}

async function setUp(setup: Setup = {}): Promise<{ cloud: SimCloud; clock: ManualClock; driver: CloudDriver }> {
  const clock = new ManualClock();
  const cloud = new SimCloud({
    name: "stratuslab-test",
    seed: 5,
    clock,
    quota: { instances: 500, cores: 2000, ramMb: 4_000_000, ...setup.quota },
    flavors: [
      { id: "sim-small", name: "small", vcpus: 1, ramMb: 2048, diskGb: 20 },
      { id: "sim-large", name: "large", vcpus: 4, ramMb: 8192, diskGb: 20 },
    ],
    images: [{ id: "7", name: "CernVM 3 ATLAS", os: "SLC6 x86_64", sizeBytes: 20 * 1024 ** 3, sha512: "c".repeat(128) }],
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [30_000, 30_000],
    jobMs: [HOUR, HOUR],
    jobsPerVm: [3, 3],
    bootFailureRate: 0,
    keepDeletedMs: HOUR,
  });
  const endpoint = await startOpenNebulaSim(cloud);
  endpoints.push(endpoint);
  const driver = createDriver({
    kind: "opennebula",
    endpoint: endpoint.url,
    region: null,
    credentials: endpoint.credentials,
    timeoutMs: 2_000,
  });
  return { cloud, clock, driver };
}

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return { name: "atlas-wn", imageId: "7", flavorId: "large", userData: "#!/bin/sh\necho pilot\n", metadata: { panda_queue: "GRIF-LAL_CLOUD" }, clientToken: "act-1", ...overrides };
}

describe("OpenNebula driver against the StratusLab sim: what only OpenNebula does (the rest is in driver-contract.test.ts)", () => {
  it("follows a launched VM from pending through PROLOG and BOOT to RUNNING", async () => {
    const { cloud, clock, driver } = await setUp();
    const { providerIds } = await driver.launch(request());
    expect(providerIds).toEqual(["1"]);

    expect(await driver.listVms()).toEqual([
      {
        providerId: "1",
        name: "atlas-wn",
        state: "requested",
        rawState: "PENDING",
        flavorId: "large",
        imageId: "7",
        ip: "10.0.0.1",
        createdAt: new Date(clock.now() - (clock.now() % 1000)),
        metadata: { panda_queue: "GRIF-LAL_CLOUD", cloudscope_token: "act-1" },
        fault: null,
      },
    ]);
    clock.advance(1_000);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "booting", rawState: "PROLOG" })]);
    clock.advance(15_000);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "booting", rawState: "BOOT" })]);
    clock.advance(15_000);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "running", rawState: "RUNNING" })]);
    // The guest got the user data through the context.
    expect(cloud.listVms()[0]?.userData).toBe("#!/bin/sh\necho pilot\n");
  });

  it("sees a VM terminated by someone else as terminated (DONE), also when polls failed in between", async () => {
    const { cloud, clock, driver } = await setUp();
    const [first] = (await driver.launch(request())).providerIds;
    const [second] = (await driver.launch(request())).providerIds;
    clock.advance(31_000);
    expect((await driver.listVms()).map((v) => [v.providerId, v.state])).toEqual([
      [first, "running"],
      [second, "running"],
    ]);
    cloud.setFaults({ errorRate: 1 });
    await expect(driver.listVms()).rejects.toThrow();
    cloud.deleteVm(cloud.listVms().find((vm) => String(vm.seq) === first)!.id);
    cloud.setFaults({ errorRate: 0 });
    expect((await driver.listVms()).map((v) => [v.providerId, v.state, v.rawState])).toEqual([
      [second, "running", "RUNNING"],
      [first, "terminated", "DONE"],
    ]);
  });

  it("reads the user's VM quota", async () => {
    const { driver } = await setUp({ quota: { instances: 3, cores: 12, ramMb: 24_576 } });
    await driver.launch(request());
    expect(await driver.getQuota()).toEqual({ instances: { used: 1, limit: 3 }, cores: { used: 4, limit: 12 }, ramMb: { used: 8192, limit: 24_576 } });
  });

  it("refuses a size it does not have, naming those it has, before calling the cloud", async () => {
    const { driver } = await setUp();
    await expect(driver.launch(request({ flavorId: "m1.huge" }))).rejects.toMatchObject({ kind: "bad_request", message: expect.stringContaining("small, medium, large") });
    expect(await driver.listVms()).toEqual([]);
  });

  it("lists OS images and the fixed sizes", async () => {
    const { driver } = await setUp();
    expect(await driver.listImages()).toEqual([{ providerId: "7", name: "CernVM 3 ATLAS", status: "ready", sizeBytes: 20 * 1024 ** 3, checksum: null, os: null }]);
    expect((await driver.listFlavors()).map((f) => [f.providerId, f.vcpus, f.ramMb])).toEqual([
      ["small", 1, 2048],
      ["medium", 2, 4096],
      ["large", 4, 8192],
    ]);
  });

  it("reports an internal error fault in OpenNebula's words, naming the method", async () => {
    const { cloud, driver } = await setUp();
    cloud.setFaults({ errorRate: 1 });
    await expect(driver.listVms()).rejects.toMatchObject({ kind: "server_error", message: "[one.vmpool.info] internal error" });
  });

  it("publishes with one.image.allocate from the console's URL, waits for READY, reads OpenNebula's SHA1 back, and finds the copy again", async () => {
    const { cloud, clock, driver } = await setUp();
    const base = await serveImageFile();
    const copy = await driver.publishImage!(publishRequest(base));
    expect(copy).toEqual({ providerImageId: "8", hashAlgo: "sha1", hashValue: createHash("sha1").update(IMAGE_BYTES).digest("hex") });
    expect(cloud.images.find((i) => i.id === "8")).toMatchObject({ status: "READY", sha512: createHash("sha512").update(IMAGE_BYTES).digest("hex"), properties: { CLOUDSCOPE_VERSION_ID: IDENTIFIER, CLOUDSCOPE_VERSION: "atlas-wn 2.3.1" } });
    expect((await driver.publishImage!(publishRequest(base))).providerImageId).toBe("8");
    expect(cloud.images).toHaveLength(2);

    const [vm] = (await driver.launch(request({ imageId: copy.providerImageId }))).providerIds;
    clock.advance(31_000);
    expect((await driver.listVms()).find((v) => v.providerId === vm)).toMatchObject({ state: "running", imageId: "8" });
  });

  it("fails in OpenNebula's words when the datastore cannot fetch the file, and allocates afresh once it can", async () => {
    const { cloud, driver } = await setUp();
    const base = await serveImageFile();
    await expect(driver.publishImage!(publishRequest(base, { sourceUrl: `${base}/api/image-files/unknown` }))).rejects.toMatchObject({ kind: "bad_request", message: expect.stringContaining("HTTP 404") });
    expect(cloud.images.find((i) => i.id === "8")).toMatchObject({ status: "ERROR" });

    const copy = await driver.publishImage!(publishRequest(base));
    expect(copy.providerImageId).toBe("8");
    expect(cloud.images.filter((i) => i.properties?.CLOUDSCOPE_VERSION_ID === IDENTIFIER).map((i) => i.status)).toEqual(["READY"]);
  });
});
