import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../sim/core/clock";
import type { SimEndpoint } from "../../sim/core/endpoint";
import { startSimServer } from "../../sim/core/http-server";
import { SimCloud, type SimQuota } from "../../sim/core/sim-cloud";
import { startEc2Sim } from "../../sim/ec2/server";
import type { CloudDriver, LaunchRequest, PublishImageRequest } from "../driver";
import { CloudApiError } from "../errors";
import { createDriver } from "../driver-registry";
import { serveImageFile } from "../../testing/image-file-server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const endpoints: SimEndpoint[] = [];
const IMAGE_BYTES = Buffer.from("raw image bytes ".repeat(4096));
const IDENTIFIER = "5f1d3c2a-0000-4000-8000-000000000001";

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

/** A publish whose bytes the cloud downloads from a file server that lives as long as the test's sims. */
async function publishRequest(overrides: Partial<PublishImageRequest> = {}): Promise<PublishImageRequest> {
  const files = await serveImageFile(IDENTIFIER, IMAGE_BYTES);
  endpoints.push({ kind: "ec2", url: files.base, region: null, credentials: {}, close: files.close });
  const openBytes = () => {
    throw new Error("EC2 downloads the bytes itself");
  };
  return { name: "atlas-wn-2.3.1", identifier: IDENTIFIER, versionLabel: "atlas-wn 2.3.1", diskFormat: "raw", sizeBytes: IMAGE_BYTES.length, sourceUrl: `${files.base}/api/image-files/${IDENTIFIER}`, openBytes, ...overrides };
}

interface Setup {
  quota?: Partial<SimQuota>;
  credentials?: Record<string, string>;
  region?: string;
}

async function setUp(setup: Setup = {}): Promise<{ cloud: SimCloud; clock: ManualClock; driver: CloudDriver }> {
  const clock = new ManualClock();
  const cloud = new SimCloud({
    name: "ec2-test",
    seed: 7,
    clock,
    quota: { instances: 500, cores: 2000, ramMb: 4_000_000, ...setup.quota },
    flavors: [
      { id: "m1.small", name: "m1.small", vcpus: 1, ramMb: 1740, diskGb: 160 },
      { id: "m1.large", name: "m1.large", vcpus: 2, ramMb: 7680, diskGb: 840 },
    ],
    images: [{ id: "ami-00c3f0a1", name: "cernvm-atlas", os: "SLC6 x86_64", sizeBytes: 1_000, sha512: "c".repeat(128) }],
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [10_000, 10_000],
    jobMs: [HOUR, HOUR],
    jobsPerVm: [3, 3],
    bootFailureRate: 0,
    keepDeletedMs: 10 * MINUTE,
    idPrefix: "i-",
  });
  const endpoint = await startEc2Sim(cloud, { region: "fg-hotel" });
  endpoints.push(endpoint);
  const driver = createDriver({
    kind: "ec2",
    endpoint: endpoint.url,
    region: setup.region ?? endpoint.region,
    credentials: setup.credentials ?? endpoint.credentials,
    timeoutMs: 2_000,
  });
  return { cloud, clock, driver };
}

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return { name: "atlas-wn", imageId: "ami-00c3f0a1", flavorId: "m1.large", userData: "#!/bin/sh\necho pilot\n", metadata: { panda_queue: "IAAS_US" }, clientToken: "act-1", ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof CloudApiError)) throw new Error(`expected a CloudApiError, got ${String(err)}`);
  return err;
}

describe("EC2 driver against the EC2 sim: what only EC2 does (the rest is in driver-contract.test.ts)", () => {
  it("launches once per client token, however often the request is retried", async () => {
    const { cloud, driver } = await setUp();
    const first = await driver.launch(request({ clientToken: "act-42" }));
    const again = await driver.launch(request({ clientToken: "act-42" }));
    expect(again).toEqual(first);
    expect(cloud.listVms()).toHaveLength(1);
    await driver.launch(request({ clientToken: "act-43" }));
    expect(cloud.listVms()).toHaveLength(2);
  });

  it("takes the instance limit from max-instances, counts cores and RAM by the classic sizes, and publishes no limit for them", async () => {
    const { clock, driver } = await setUp({ quota: { instances: 2 } });
    const [id] = (await driver.launch(request({ clientToken: "a" }))).providerIds;
    await driver.launch(request({ clientToken: "b" }));
    expect(await driver.getQuota()).toEqual({ instances: { used: 2, limit: 2 }, cores: { used: 4, limit: null }, ramMb: { used: 15_360, limit: null } });
    clock.advance(MINUTE);
    await driver.destroy(id!);
    // A terminated instance is still listed for a while, but no longer counts.
    expect((await driver.getQuota()).instances).toEqual({ used: 1, limit: 2 });
  });

  it.each([
    ["an unknown access key", { credentials: { accessKeyId: "AKIDSOMEONEELSE", secretAccessKey: "cloudscope-sim-secret-key" } }],
    ["the wrong region", { region: "us-west-2" }],
  ] as const)("answers %s with auth", async (_, setup) => {
    const { driver } = await setUp(setup);
    const err = await failure(driver.listVms());
    expect(err).toMatchObject({ kind: "auth", status: 401, transient: false });
  });

  it("keeps a terminated instance listed as terminated, and treats one EC2 has forgotten as destroyed", async () => {
    const { clock, driver } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    clock.advance(MINUTE);
    await driver.destroy(id!);
    expect((await driver.listVms())[0]).toMatchObject({ providerId: id, state: "terminated", rawState: "terminated" });
    clock.advance(HOUR);
    expect(await driver.listVms()).toEqual([]);
    await driver.destroy(id!);
  });

  it("lists images and the classic instance types", async () => {
    const { driver } = await setUp();
    expect(await driver.listImages()).toEqual([{ providerId: "ami-00c3f0a1", name: "cernvm-atlas", status: "available", sizeBytes: null, checksum: null, os: null }]);
    expect((await driver.listFlavors()).map((f) => f.providerId)).toEqual(["m1.small", "m1.medium", "m1.large", "m1.xlarge", "c1.medium", "c1.xlarge"]);
  });

  describe("when the cloud misbehaves", () => {
    it("reports a page that is not XML as malformed_reply", async () => {
      const { cloud, driver } = await setUp();
      cloud.setFaults({ malformed: true });
      // The sim's malformed replies alternate: a reply without its payload (the contract suite), then a page that is not XML.
      await failure(driver.listVms());
      expect(await failure(driver.listVms())).toMatchObject({ kind: "malformed_reply", message: expect.stringContaining("not XML") });
    });

    it("reports a gateway's HTML error page by its status, not as a malformed reply", async () => {
      const gateway = await startSimServer(async () => ({ status: 502, headers: { "content-type": "text/html" }, body: "<html><body>Bad Gateway" }));
      endpoints.push({ kind: "ec2", url: gateway.url, region: null, credentials: {}, close: gateway.close });
      const driver = createDriver({ kind: "ec2", endpoint: `${gateway.url}/services/Cloud`, region: null, credentials: { accessKeyId: "a", secretAccessKey: "s" }, timeoutMs: 2_000 });
      expect(await failure(driver.listVms())).toMatchObject({ kind: "server_error", status: 502 });
    });
  });

  describe("publishing", () => {
    it("imports the image from the console's URL, tags the AMI with the version, boots it, and finds it again instead of importing a twin", async () => {
      const { cloud, clock, driver } = await setUp();
      const publish = await publishRequest();
      const copy = await driver.publishImage!(publish);
      expect(copy).toEqual({ providerImageId: expect.stringMatching(/^ami-[0-9a-f]{8}$/), hashAlgo: null, hashValue: null });
      expect(cloud.images.find((i) => i.id === copy.providerImageId)).toMatchObject({
        sha512: createHash("sha512").update(IMAGE_BYTES).digest("hex"),
        properties: { cloudscope_version_id: IDENTIFIER, cloudscope_version: "atlas-wn 2.3.1", Name: "atlas-wn-2.3.1" },
      });
      expect((await driver.publishImage!(publish)).providerImageId).toBe(copy.providerImageId);
      expect(cloud.images).toHaveLength(2);

      const [vm] = (await driver.launch(request({ imageId: copy.providerImageId }))).providerIds;
      clock.advance(11_000);
      expect((await driver.listVms()).find((v) => v.providerId === vm)).toMatchObject({ state: "running", imageId: copy.providerImageId });
    });

    it("refuses qcow2, which ImportImage does not take, and reports a failed download in EC2's words", async () => {
      const { cloud, driver } = await setUp();
      await expect(driver.publishImage!(await publishRequest({ diskFormat: "qcow2" }))).rejects.toMatchObject({ kind: "bad_request", message: expect.stringContaining("not qcow2") });
      const broken = await publishRequest();
      await expect(driver.publishImage!({ ...broken, sourceUrl: broken.sourceUrl.replace(IDENTIFIER, "unknown") })).rejects.toMatchObject({ kind: "bad_request", message: expect.stringContaining("HTTP 404") });
      expect(cloud.images).toHaveLength(1);
    });
  });
});
