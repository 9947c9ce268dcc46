import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../sim/core/clock";
import type { SimEndpoint } from "../../sim/core/endpoint";
import { startSimServer } from "../../sim/core/http-server";
import { SimCloud, type SimQuota } from "../../sim/core/sim-cloud";
import { startEc2Sim, type Ec2SimOptions } from "../../sim/ec2/server";
import type { CloudDriver, LaunchRequest } from "../driver";
import { CloudApiError } from "../errors";
import { createEc2Driver } from "./driver";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const endpoints: SimEndpoint[] = [];

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

interface Setup {
  quota?: Partial<SimQuota>;
  sim?: Ec2SimOptions;
  timeoutMs?: number;
  credentials?: Record<string, string>;
  region?: string;
  bootFailureRate?: number;
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
    bootFailureRate: setup.bootFailureRate ?? 0,
    keepDeletedMs: 10 * MINUTE,
    idPrefix: "i-",
  });
  const endpoint = await startEc2Sim(cloud, { region: "fg-hotel", ...setup.sim });
  endpoints.push(endpoint);
  const driver = createEc2Driver({
    kind: "ec2",
    endpoint: endpoint.url,
    region: setup.region ?? endpoint.region,
    credentials: setup.credentials ?? endpoint.credentials,
    timeoutMs: setup.timeoutMs ?? 2_000,
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

describe("EC2 driver against the EC2 sim", () => {
  it("follows NextToken until every instance is listed", async () => {
    const { cloud, driver } = await setUp({ sim: { pageCap: 5 } });
    const ids = Array.from({ length: 12 }, (_, i) => cloud.createVm({ name: `wn-${i}`, imageId: "ami-00c3f0a1", flavorId: "m1.small" }).id);
    const vms = await driver.listVms();
    expect(vms.map((vm) => vm.providerId)).toEqual(ids);
    expect(vms.every((vm) => vm.state === "booting" && vm.rawState === "pending")).toBe(true);
  });

  it("launches with name, metadata and user data, and follows the VM through its life", async () => {
    const { cloud, clock, driver } = await setUp();
    const { providerIds } = await driver.launch(request());
    expect(providerIds).toHaveLength(1);
    const id = providerIds[0]!;
    expect(cloud.getVm(id)?.userData).toBe("#!/bin/sh\necho pilot\n");

    expect(await driver.listVms()).toEqual([
      expect.objectContaining({ providerId: id, name: "atlas-wn", state: "booting", flavorId: "m1.large", imageId: "ami-00c3f0a1", metadata: { panda_queue: "IAAS_US" } }),
    ]);
    clock.advance(MINUTE);
    expect((await driver.listVms())[0]).toMatchObject({ state: "running", rawState: "running", ip: expect.stringMatching(/^10\./) });

    await driver.setMetadata(id, { cloudscope_drain: "requested" });
    expect((await driver.listVms())[0]).toMatchObject({ state: "draining", metadata: { panda_queue: "IAAS_US", cloudscope_drain: "requested" } });

    clock.advance(HOUR);
    expect((await driver.listVms())[0]).toMatchObject({ state: "terminated", rawState: "terminated" });
    expect((await driver.getQuota()).instances).toEqual({ used: 0, limit: 500 });
  });

  it("launches once per client token, however often the request is retried", async () => {
    const { cloud, driver } = await setUp();
    const first = await driver.launch(request({ clientToken: "act-42" }));
    const again = await driver.launch(request({ clientToken: "act-42" }));
    expect(again).toEqual(first);
    expect(cloud.listVms()).toHaveLength(1);
    await driver.launch(request({ clientToken: "act-43" }));
    expect(cloud.listVms()).toHaveLength(2);
  });

  it("reports a quota refusal as quota, with the cloud's words, and shows the limit", async () => {
    const { driver } = await setUp({ quota: { instances: 2 } });
    await driver.launch(request({ clientToken: "a" }));
    await driver.launch(request({ clientToken: "b" }));
    const err = await failure(driver.launch(request({ clientToken: "c" })));
    expect(err).toMatchObject({ kind: "quota", transient: false });
    expect(err.message).toMatch(/^InstanceLimitExceeded: Quota exceeded for instances/);
    expect(await driver.getQuota()).toEqual({ instances: { used: 2, limit: 2 }, cores: { used: 4, limit: null }, ramMb: { used: 15_360, limit: null } });
  });

  it("refuses oversized user data before sending anything", async () => {
    const { cloud, driver } = await setUp();
    const err = await failure(driver.launch(request({ userData: "x".repeat(16_385) })));
    expect(err.kind).toBe("bad_request");
    expect(cloud.listVms()).toHaveLength(0);
  });

  it("reports an unknown image as not_found", async () => {
    const { driver } = await setUp();
    const err = await failure(driver.launch(request({ imageId: "ami-deadbeef" })));
    expect(err).toMatchObject({ kind: "not_found", message: expect.stringContaining("ami-deadbeef") });
  });

  it.each([
    ["a wrong secret", { credentials: { accessKeyId: "AKIDCLOUDSCOPESIM", secretAccessKey: "not-the-secret" } }],
    ["an unknown access key", { credentials: { accessKeyId: "AKIDSOMEONEELSE", secretAccessKey: "cloudscope-sim-secret-key" } }],
    ["the wrong region", { region: "us-west-2" }],
  ] as const)("answers %s with auth", async (_, setup) => {
    const { driver } = await setUp(setup);
    const err = await failure(driver.listVms());
    expect(err).toMatchObject({ kind: "auth", status: 401, transient: false });
  });

  it("destroys an instance, and treats one already gone as destroyed", async () => {
    const { clock, driver } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    clock.advance(MINUTE);
    await driver.destroy(id!);
    expect((await driver.listVms())[0]).toMatchObject({ providerId: id, state: "terminated", rawState: "terminated" });
    await driver.destroy(id!);
    clock.advance(HOUR);
    expect(await driver.listVms()).toEqual([]);
    await driver.destroy(id!);
  });

  it("shows a VM that failed to launch as error with the cloud's reason", async () => {
    const { clock, driver } = await setUp({ bootFailureRate: 1 });
    await driver.launch(request());
    clock.advance(MINUTE);
    expect(await driver.listVms()).toEqual([expect.objectContaining({ state: "error", rawState: "terminated", fault: "Server.InternalError: Internal error on launch" })]);
  });

  it("lists images and the classic instance types", async () => {
    const { driver } = await setUp();
    expect(await driver.listImages()).toEqual([{ providerId: "ami-00c3f0a1", name: "cernvm-atlas", status: "available", sizeBytes: null, checksum: null, os: null }]);
    expect((await driver.listFlavors()).map((f) => f.providerId)).toEqual(["m1.small", "m1.medium", "m1.large", "m1.xlarge", "c1.medium", "c1.xlarge"]);
  });

  describe("when the cloud misbehaves", () => {
    it("reports a reply without its payload, and a page that is not XML, as malformed_reply", async () => {
      const { cloud, driver } = await setUp();
      cloud.setFaults({ malformed: true });
      const missingPayload = await failure(driver.listVms());
      expect(missingPayload).toMatchObject({ kind: "malformed_reply", message: expect.stringContaining("Reservations") });
      const notXml = await failure(driver.listVms());
      expect(notXml).toMatchObject({ kind: "malformed_reply", message: expect.stringContaining("not XML") });
    });

    it("reports a gateway's HTML error page by its status, not as a malformed reply", async () => {
      const gateway = await startSimServer(async () => ({ status: 502, headers: { "content-type": "text/html" }, body: "<html><body>Bad Gateway" }));
      endpoints.push({ kind: "ec2", url: gateway.url, region: null, credentials: {}, close: gateway.close });
      const driver = createEc2Driver({ kind: "ec2", endpoint: `${gateway.url}/services/Cloud`, region: null, credentials: { accessKeyId: "a", secretAccessKey: "s" }, timeoutMs: 2_000 });
      expect(await failure(driver.listVms())).toMatchObject({ kind: "server_error", status: 502 });
    });

    it("gives up after its timeout when the cloud does not answer", async () => {
      const { cloud, driver } = await setUp({ timeoutMs: 200 });
      cloud.setFaults({ timeout: true });
      const started = Date.now();
      const err = await failure(driver.listVms());
      expect(err).toMatchObject({ kind: "timeout", transient: true });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it("reports overload as server_error and throttling as rate_limited", async () => {
      const { cloud, driver } = await setUp();
      cloud.setFaults({ errorRate: 1 });
      expect(await failure(driver.listImages())).toMatchObject({ kind: "server_error", status: 503, transient: true });
      cloud.setFaults({ errorRate: 0, rateLimitPerSec: 1 });
      const outcomes = await Promise.allSettled([driver.listImages(), driver.listImages(), driver.listImages()]);
      const limited = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof CloudApiError && o.reason.kind === "rate_limited");
      expect(limited.length).toBeGreaterThan(0);
    });
  });
});
