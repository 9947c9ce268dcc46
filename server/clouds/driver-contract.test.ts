import { afterEach, describe, expect, it } from "vitest";
import type { CloudKind } from "../domain/vocabulary";
import { ManualClock } from "../sim/core/clock";
import type { SimEndpoint } from "../sim/core/endpoint";
import { startSimServer } from "../sim/core/http-server";
import { SimCloud, type SimCloudOptions, type SimQuota } from "../sim/core/sim-cloud";
import { startCloudSigmaSim } from "../sim/cloudsigma/server";
import { startEc2Sim } from "../sim/ec2/server";
import { startOpenNebulaSim } from "../sim/opennebula/server";
import { startOpenStackSim } from "../sim/openstack/server";
import type { CloudDriver, LaunchRequest } from "./driver";
import { createDriver } from "./driver-registry";
import { specFor } from "./registry";

/**
 * What every driver promises, checked for each kind against its sim over the real wire.
 * The per-kind driver tests keep only what is particular to one protocol.
 */

const HOUR = 3_600_000;
/** Scheduling (1 s) plus booting (10 s), with room to spare. */
const BOOTED_MS = 31_000;

type Words = string | RegExp;

/** The provider's words: a string is a part of the message, a RegExp matches it. */
const words = (w: Words) => (typeof w === "string" ? expect.stringContaining(w) : expect.stringMatching(w));

interface KindUnderTest {
  kind: CloudKind;
  /** Starts the kind's sim; `pageCap` is the most one page holds where the protocol pages. */
  start(cloud: SimCloud, options: { pageCap: number }): Promise<SimEndpoint>;
  /** How the provider names VMs and keeps deleted ones. */
  cloud: Partial<SimCloudOptions>;
  imageId: string;
  /** A size the driver launches with; 4 cores and 8 GiB in the sim. */
  flavorId: string;
  /** Well-formed credentials the cloud refuses. */
  wrongCredentials: Record<string, string>;
  /** The provider's words, as each error passes them on. */
  says: { wrongCredentials: Words; overQuota: Words; bootFailure: { rawState: string; fault: Words | null } };
  /** An image the cloud does not have, and how the protocol refuses it (Nova and OpenNebula as a bad request). */
  unknownImage: { id: string; kind: "not_found" | "bad_request"; says: Words };
  /** How the protocol reports throttling: with a status and a wait when it has one. */
  throttled: { kind: "rate_limited" | "server_error"; status: number; retryAfterMs: number | null };
  /** The field a malformed VM listing is rejected for. */
  malformedField: string;
}

const KINDS: KindUnderTest[] = [
  {
    kind: "openstack",
    start: (cloud, { pageCap }) => startOpenStackSim(cloud, { pageCap }),
    cloud: { idStyle: "uuid", keepDeletedMs: HOUR },
    imageId: "img-atlas",
    flavorId: "m1.large",
    wrongCredentials: { username: "atlas", password: "nope", userDomain: "Default", project: "atlas-prod", projectDomain: "Default" },
    says: {
      wrongCredentials: "The request you have made requires authentication.",
      overQuota: "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances",
      bootFailure: { rawState: "ERROR", fault: "No valid host was found." },
    },
    unknownImage: { id: "img-none", kind: "bad_request", says: "Image img-none could not be found." },
    throttled: { kind: "rate_limited", status: 429, retryAfterMs: 1_000 },
    malformedField: "servers.0.id",
  },
  {
    kind: "ec2",
    start: (cloud, { pageCap }) => startEc2Sim(cloud, { region: "fg-hotel", pageCap }),
    cloud: { idPrefix: "i-", keepDeletedMs: 10 * 60_000 },
    imageId: "ami-00c3f0a1",
    flavorId: "m1.large",
    wrongCredentials: { accessKeyId: "AKIDCLOUDSCOPESIM", secretAccessKey: "not-the-secret" },
    says: {
      wrongCredentials: /^AuthFailure: /,
      overQuota: /^InstanceLimitExceeded: Quota exceeded for instances/,
      bootFailure: { rawState: "terminated", fault: "Server.InternalError: Internal error on launch" },
    },
    // RequestLimitExceeded comes as HTTP 503 with no Retry-After.
    unknownImage: { id: "ami-deadbeef", kind: "not_found", says: /^InvalidAMIID\.NotFound: .*ami-deadbeef/ },
    throttled: { kind: "rate_limited", status: 503, retryAfterMs: null },
    malformedField: "Reservations",
  },
  {
    kind: "opennebula",
    start: (cloud) => startOpenNebulaSim(cloud),
    cloud: { keepDeletedMs: HOUR },
    imageId: "7",
    flavorId: "large",
    wrongCredentials: { username: "atlas", password: "wrong" },
    says: {
      wrongCredentials: "[one.vmpool.info] User couldn't be authenticated, aborting call.",
      overQuota: /limit of 1 reached for VMS quota/,
      bootFailure: { rawState: "BOOT_FAILURE", fault: /Error deploying virtual machine/ },
    },
    // XML-RPC has no throttling fault: the front end answers 503 with Retry-After.
    unknownImage: { id: "8", kind: "bad_request", says: "[one.vm.allocate]" },
    throttled: { kind: "server_error", status: 503, retryAfterMs: 1_000 },
    malformedField: "VM_POOL.VM.0.STATE",
  },
  {
    kind: "cloudsigma",
    start: (cloud) => startCloudSigmaSim(cloud),
    cloud: {},
    imageId: "5f0c7d3e-4b1a-4c8e-9d2f-0a1b2c3d4e5f",
    flavorId: "large",
    wrongCredentials: { email: "atlas@cern.ch", password: "wrong" },
    says: {
      wrongCredentials: /Wrong email or password\./,
      overQuota: /Not enough funds/,
      bootFailure: { rawState: "unavailable", fault: null },
    },
    unknownImage: { id: "5f0c7d3e-0000-4c8e-9d2f-0a1b2c3d4e5f", kind: "not_found", says: "5f0c7d3e-0000-4c8e-9d2f-0a1b2c3d4e5f" },
    throttled: { kind: "rate_limited", status: 429, retryAfterMs: 1_000 },
    malformedField: "objects.0.uuid",
  },
];

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Setup {
  quota?: Partial<SimQuota>;
  bootFailureRate?: number;
  pageCap?: number;
  credentials?: Record<string, string>;
  timeoutMs?: number;
}

describe.each(KINDS)("$kind driver, by the contract every driver keeps", (k) => {
  async function setUp(setup: Setup = {}) {
    const clock = new ManualClock();
    const cloud = new SimCloud({
      name: `${k.kind}-contract`,
      seed: 7,
      clock,
      quota: { instances: 500, cores: 2000, ramMb: 4_000_000, ...setup.quota },
      flavors: [
        { id: "m1.small", name: "m1.small", vcpus: 1, ramMb: 2048, diskGb: 20 },
        { id: "m1.large", name: "m1.large", vcpus: 4, ramMb: 8192, diskGb: 40 },
      ],
      images: [{ id: k.imageId, name: "CernVM 3 ATLAS", os: "SLC6 x86_64", sizeBytes: 20 * 1024 ** 3, sha512: "c".repeat(128) }],
      scheduleDelayMs: [1_000, 1_000],
      bootDelayMs: [10_000, 10_000],
      jobMs: [HOUR, HOUR],
      jobsPerVm: [3, 3],
      bootFailureRate: setup.bootFailureRate ?? 0,
      ...k.cloud,
    });
    const endpoint = await k.start(cloud, { pageCap: setup.pageCap ?? 1_000 });
    closers.push(() => endpoint.close());
    const driver = createDriver(
      { kind: k.kind, endpoint: endpoint.url, region: endpoint.region, credentials: setup.credentials ?? endpoint.credentials, timeoutMs: setup.timeoutMs ?? 2_000 },
      { now: () => clock.now() },
    );
    return { cloud, clock, driver, endpoint };
  }

  const request = (overrides: Partial<LaunchRequest> = {}): LaunchRequest => ({
    name: "atlas-wn",
    imageId: k.imageId,
    flavorId: k.flavorId,
    userData: "#!/bin/sh\necho pilot\n",
    metadata: { panda_queue: "ATLAS_CLOUD" },
    clientToken: "act-1",
    ...overrides,
  });

  const find = async (driver: CloudDriver, providerId: string) => (await driver.listVms()).find((vm) => vm.providerId === providerId);

  it("launches a VM with its name, metadata and user data, and follows it to running", async () => {
    const { cloud, clock, driver } = await setUp();
    const { providerIds } = await driver.launch(request());
    expect(providerIds).toHaveLength(1);
    const id = providerIds[0]!;
    expect((await find(driver, id))?.state).toMatch(/^(requested|booting)$/);
    clock.advance(BOOTED_MS);
    expect(await find(driver, id)).toMatchObject({
      name: "atlas-wn",
      state: "running",
      imageId: k.imageId,
      flavorId: k.flavorId,
      ip: expect.stringMatching(/^10\./),
      metadata: expect.objectContaining({ panda_queue: "ATLAS_CLOUD" }),
      fault: null,
    });
    expect(cloud.listVms().map((vm) => vm.userData)).toEqual(["#!/bin/sh\necho pilot\n"]);
  });

  it("lists every VM across pages", async () => {
    const { cloud, driver } = await setUp({ pageCap: 50 });
    const names = Array.from({ length: 120 }, (_, i) => `wn-${i}`);
    for (const name of names) cloud.createVm({ name, imageId: k.imageId, flavorId: "m1.small" });
    const vms = await driver.listVms();
    expect(new Set(vms.map((vm) => vm.providerId)).size).toBe(120);
    expect(vms.map((vm) => vm.name).sort()).toEqual([...names].sort());
  });

  it("shows a drained VM as draining, then terminated once it powered off after its job", async () => {
    const { clock, driver } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    clock.advance(BOOTED_MS);
    const running = await find(driver, id!);
    await driver.setMetadata(id!, { ...running?.metadata, cloudscope_drain: "1" });
    expect(await find(driver, id!)).toMatchObject({ state: "draining", metadata: expect.objectContaining({ panda_queue: "ATLAS_CLOUD", cloudscope_drain: "1" }) });
    clock.advance(HOUR);
    expect((await find(driver, id!))?.state).toBe("terminated");
  });

  it("destroys a VM, and destroying it again is no error", async () => {
    const { clock, driver } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    clock.advance(BOOTED_MS);
    await driver.destroy(id!);
    expect((await find(driver, id!))?.state ?? "gone").toMatch(/^(terminated|gone)$/);
    await expect(driver.destroy(id!)).resolves.toBeUndefined();
  });

  it("shows a VM that failed to boot as error, with the provider's reason", async () => {
    const { clock, driver } = await setUp({ bootFailureRate: 1 });
    await driver.launch(request());
    clock.advance(BOOTED_MS);
    const fault = k.says.bootFailure.fault;
    expect(await driver.listVms()).toEqual([
      expect.objectContaining({ state: "error", rawState: k.says.bootFailure.rawState, fault: fault === null ? null : words(fault) }),
    ]);
  });

  it("lists the launchable image and the size it launches, and counts that size in the quota", async () => {
    const { driver } = await setUp();
    expect(await driver.listImages()).toContainEqual(expect.objectContaining({ providerId: k.imageId, name: "CernVM 3 ATLAS" }));
    const size = (await driver.listFlavors()).find((f) => f.providerId === k.flavorId);
    expect(size).toBeDefined();
    await driver.launch(request());
    const quota = await driver.getQuota();
    expect(quota.instances.used).toBe(1);
    expect(quota.cores.used).toBe(size!.vcpus);
    expect(quota.ramMb.used).toBe(size!.ramMb);
  });

  it("passes a refusal over quota on as quota, in the provider's words, leaving no VM behind", async () => {
    const { driver } = await setUp({ quota: { instances: 1 } });
    await driver.launch(request());
    await expect(driver.launch(request({ clientToken: "act-2" }))).rejects.toMatchObject({ kind: "quota", transient: false, message: words(k.says.overQuota) });
    expect(await driver.listVms()).toHaveLength(1);
  });

  it("refuses an unknown image for good, in the provider's words", async () => {
    const { driver } = await setUp();
    const { id, kind, says } = k.unknownImage;
    await expect(driver.launch(request({ imageId: id }))).rejects.toMatchObject({ kind, transient: false, message: words(says) });
  });

  it("reports a VM the cloud does not know as not_found when asked to change it", async () => {
    const { driver } = await setUp();
    const [id] = (await driver.launch(request())).providerIds;
    await driver.destroy(id!);
    await expect(driver.setMetadata(id!, { cloudscope_drain: "1" })).rejects.toMatchObject({ kind: "not_found", transient: false });
  });

  it("refuses user data over the kind's limit before calling the cloud, and sends user data at the limit", async () => {
    const { cloud, driver } = await setUp();
    const limit = specFor(k.kind).userData;
    const fits = limit.measured === "base64" ? Math.floor(limit.limitBytes / 4) * 3 : limit.limitBytes;
    await expect(driver.launch(request({ userData: "x".repeat(fits + 1) }))).rejects.toMatchObject({ kind: "bad_request", message: expect.stringContaining(String(limit.limitBytes)) });
    expect(cloud.listVms()).toEqual([]);
    await driver.launch(request({ userData: "x".repeat(fits) }));
    expect(cloud.listVms().map((vm) => vm.userData.length)).toEqual([fits]);
  });

  it("reports refused credentials as auth, in the provider's words", async () => {
    const { driver } = await setUp({ credentials: k.wrongCredentials });
    await expect(driver.listVms()).rejects.toMatchObject({ kind: "auth", transient: false, message: words(k.says.wrongCredentials) });
  });

  it("fails every call as auth, naming the field, when the credentials lack one the kind needs, and never calls the cloud", async () => {
    let asked = 0;
    const counting = await startSimServer(async () => {
      asked += 1;
      return { status: 500 };
    });
    closers.push(counting.close);
    const { endpoint } = await setUp();
    const [field] = Object.keys(endpoint.credentials);
    const { [field!]: _, ...partial } = endpoint.credentials;
    const driver = createDriver({ kind: k.kind, endpoint: counting.url, region: endpoint.region, credentials: partial, timeoutMs: 2_000 });
    const refusal = { kind: "auth", transient: false, message: expect.stringContaining(`"${field}" is missing`) };
    await expect(driver.listVms()).rejects.toMatchObject(refusal);
    await expect(driver.launch(request())).rejects.toMatchObject(refusal);
    expect(asked).toBe(0);
  });

  it("passes throttling on as a transient error with the wait the cloud asked for", async () => {
    const { cloud, driver } = await setUp();
    cloud.setFaults({ rateLimitPerSec: 1 });
    const outcomes = await Promise.allSettled([driver.listImages(), driver.listImages(), driver.listImages()]);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ ...k.throttled, transient: true });
  });

  it("reports a server error as transient", async () => {
    const { cloud, driver } = await setUp();
    cloud.setFaults({ errorRate: 1 });
    await expect(driver.listVms()).rejects.toMatchObject({ kind: "server_error", transient: true });
  });

  it("rejects a malformed VM listing, naming the field", async () => {
    const { cloud, driver } = await setUp();
    await driver.launch(request());
    cloud.setFaults({ malformed: true });
    await expect(driver.listVms()).rejects.toMatchObject({ kind: "malformed_reply", message: expect.stringContaining(k.malformedField) });
  });

  it("gives up on a cloud that never answers after its own timeout, having asked once", async () => {
    let asked = 0;
    const silent = await startSimServer(async () => {
      asked += 1;
      return null;
    });
    closers.push(silent.close);
    const { endpoint } = await setUp();
    const driver = createDriver({ kind: k.kind, endpoint: `${silent.url}${new URL(endpoint.url).pathname}`, region: endpoint.region, credentials: endpoint.credentials, timeoutMs: 100 });
    await expect(driver.listVms()).rejects.toMatchObject({ kind: "timeout", transient: true });
    expect(asked).toBe(1);
  });
});
