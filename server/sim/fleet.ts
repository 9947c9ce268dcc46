import { systemClock, type Clock } from "./core/clock";
import { stepAutopilot } from "./core/autopilot";
import type { SimEndpoint } from "./core/endpoint";
import { startSimServer, type RunningServer } from "./core/http-server";
import { z } from "zod";
import { SIM_IMAGE_UPLOAD_FAULTS, SimCloud, type SimFlavor, type SimImage, type SimQuota } from "./core/sim-cloud";
import { startOpenStackSim } from "./openstack/server";
import { startEc2Sim } from "./ec2/server";
import { startOpenNebulaSim } from "./opennebula/server";
import { startCloudSigmaSim } from "./cloudsigma/server";
import { describeClientAccess } from "./client-access";
import { randomHex, createRandom } from "./core/random";
import { DRAIN_METADATA_KEY } from "./core/sim-cloud";
import { PandaJobModel, type PandaSimQueueSpec, type QueueCapacity } from "./panda/job-model";
import { startPandaSim, type PandaSimEndpoint } from "./panda/server";

export interface DemoCloudSpec {
  name: string;
  kind: SimEndpoint["kind"];
  region: string;
  queue: string;
  quota: SimQuota;
  flavors: SimFlavor[];
  /** Live VMs the site's own scheduler keeps: base ± swing over a period. */
  target: { base: number; swing: number; periodMin: number };
  costPerCoreHour: number;
}

/**
 * How long ended VMs stay listed: Nova reports deleted servers to changes-since queries, EC2
 * shows terminated instances for about an hour, OpenNebula keeps DONE ones in the pool
 * (for ever; ten minutes is enough here), CloudSigma forgets deleted servers at once.
 */
const KEEP_DELETED_MS: Record<SimEndpoint["kind"], number> = { openstack: 60 * 60_000, ec2: 60 * 60_000, opennebula: 10 * 60_000, cloudsigma: 0 };

/**
 * The golden image every demo cloud boots: the demo catalogue's cernvm4 4.0.1 (the file the
 * console ships, public/demo-images/cernvm-4-demo.raw), so a fresh demo runs approved images.
 */
export const DEMO_GOLDEN_IMAGE = {
  name: "CernVM 4 ATLAS worker (golden)",
  sizeBytes: 262_144,
  sha512: "ae090e7e07b2bdf98d88efa154160e75394ee6e8936381b59850f17982bcfcdceed41e460f9c0b6e4e0c0da5a68ba171684d5772a92c70e32cd6d4c942dee276",
} as const;

const CERNVM: SimImage = { id: "", name: DEMO_GOLDEN_IMAGE.name, os: "CernVM 4 x86_64", sizeBytes: DEMO_GOLDEN_IMAGE.sizeBytes, sha512: DEMO_GOLDEN_IMAGE.sha512 };

/** The five clouds ATLAS ran production on, shaped after the seed document. */
export const DEMO_CLOUDS: readonly DemoCloudSpec[] = [
  {
    name: "CERN LxCloud",
    kind: "openstack",
    region: "cern-geneva",
    queue: "CERN-PROD_CLOUD",
    quota: { instances: 120, cores: 480, ramMb: 960 * 1024 },
    flavors: [flavor("m1.medium", 2, 4096, 40), flavor("m1.large", 4, 8192, 80), flavor("m1.xlarge", 8, 16384, 160)],
    target: { base: 60, swing: 20, periodMin: 30 },
    costPerCoreHour: 0.01,
  },
  {
    name: "UVic Nefos",
    kind: "openstack",
    region: "uvic-victoria",
    queue: "IAAS_CA",
    quota: { instances: 60, cores: 120, ramMb: 240 * 1024 },
    flavors: [flavor("c2.medium", 2, 4096, 40), flavor("c4.large", 4, 8192, 80)],
    target: { base: 30, swing: 10, periodMin: 20 },
    costPerCoreHour: 0.012,
  },
  {
    name: "FutureGrid Hotel",
    kind: "ec2",
    region: "fg-hotel",
    queue: "IAAS_US",
    quota: { instances: 40, cores: 160, ramMb: 320 * 1024 },
    flavors: [flavor("m1.large", 4, 7680, 80), flavor("m1.small", 1, 1740, 20)],
    target: { base: 20, swing: 8, periodMin: 25 },
    costPerCoreHour: 0,
  },
  {
    name: "StratusLab LAL",
    kind: "opennebula",
    region: "lal-orsay",
    queue: "GRIF-LAL_CLOUD",
    quota: { instances: 30, cores: 60, ramMb: 120 * 1024 },
    flavors: [flavor("medium", 2, 4096, 20)],
    target: { base: 15, swing: 5, periodMin: 15 },
    costPerCoreHour: 0,
  },
  {
    name: "Helix Nebula",
    kind: "cloudsigma",
    region: "cloudsigma-zrh",
    queue: "HELIX_NEBULA",
    quota: { instances: 50, cores: 200, ramMb: 400 * 1024 },
    flavors: [flavor("4c-8g", 4, 8192, 40)],
    target: { base: 25, swing: 10, periodMin: 40 },
    costPerCoreHour: 0.035,
  },
];

/**
 * `count` demo clouds: the first of the five above, or beyond five as many cycling them, each
 * numbered ("CERN LxCloud 07") with its model's kind and region: how a 50-cloud console is tried.
 */
export function buildDemoSpecs(count: number = DEMO_CLOUDS.length): DemoCloudSpec[] {
  if (count <= DEMO_CLOUDS.length) return DEMO_CLOUDS.slice(0, count);
  return Array.from({ length: count }, (_, i) => {
    const base = DEMO_CLOUDS[i % DEMO_CLOUDS.length]!;
    const n = String(i + 1).padStart(2, "0");
    return { ...base, name: `${base.name} ${n}` };
  });
}

export interface RunningDemoCloud {
  spec: DemoCloudSpec;
  sim: SimCloud;
  endpoint: SimEndpoint;
}

export interface DemoFleet {
  clouds: RunningDemoCloud[];
  /**
   * GET /clouds: each cloud with its endpoint, credentials, client settings and fault knobs;
   * GET /clouds/<name>/client: the client settings as a shell snippet;
   * PUT /clouds/<name>/faults with a partial SimFaults.
   */
  controlUrl: string;
  /** The PanDA server whose queues the fleet's VMs serve (one queue per cloud's `queue`). */
  panda: PandaSimEndpoint & { model: PandaJobModel; queues: PandaSimQueueSpec[] };
  /** Advances each cloud's own scheduler once (the timer does this in the demo). */
  step(): void;
  close(): Promise<void>;
}

export interface DemoFleetOptions {
  seed?: number;
  clock?: Clock;
  controlPort?: number;
  /** Run each cloud's own scheduler on a timer (the demo); tests call step() instead. */
  autopilotMs?: number | null;
  specs?: readonly DemoCloudSpec[];
  /** Start with each cloud near its target, its VMs already mid-life. */
  prefill?: boolean;
  /** The slowest boot; each takes between a quarter of it and all of it. The clouds' own default when unset. */
  maxBootMs?: number;
}

export async function startDemoFleet(options: DemoFleetOptions = {}): Promise<DemoFleet> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 20130601;
  const specs = options.specs ?? DEMO_CLOUDS;
  const clouds: RunningDemoCloud[] = [];
  for (const [i, spec] of specs.entries()) {
    const sim = new SimCloud({
      name: spec.name,
      seed: seed + i * 7919,
      clock,
      quota: spec.quota,
      flavors: spec.flavors,
      images: [{ ...CERNVM, id: goldenImageIdFor(spec.kind) }],
      keepDeletedMs: KEEP_DELETED_MS[spec.kind],
      idStyle: spec.kind === "openstack" || spec.kind === "cloudsigma" ? "uuid" : "sequence",
      idPrefix: spec.kind === "ec2" ? "i-" : "",
      bootDelayMs: options.maxBootMs === undefined ? undefined : [options.maxBootMs / 4, options.maxBootMs],
    });
    clouds.push({ spec, sim, endpoint: await startSimFor(spec, sim) });
  }

  const autopilotOptions = (spec: DemoCloudSpec) => ({
    target: (now: number) => Math.round(spec.target.base + spec.target.swing * Math.sin((2 * Math.PI * now) / (spec.target.periodMin * 60_000))),
    reapAfterMs: 30_000,
    namePrefix: spec.queue.toLowerCase().replace(/_/g, "-"),
    queue: spec.queue,
  });
  const step = () => clouds.forEach(({ spec, sim }) => stepAutopilot(sim, autopilotOptions(spec)));
  if (options.prefill ?? true) clouds.forEach(({ spec, sim }) => stepAutopilot(sim, autopilotOptions(spec), 10 * 60_000));
  const timer = options.autopilotMs === null ? null : setInterval(step, options.autopilotMs ?? 2_000);

  const pandaQueues = buildPandaQueues(specs);
  const model = new PandaJobModel({ clock, seed, queues: pandaQueues, capacity: (queue) => countQueueSlots(clouds, queue) });
  const pandaEndpoint = await startPandaSim(model, { token: randomHex(createRandom(seed), 32) });
  const panda = Object.assign(pandaEndpoint, { model, queues: pandaQueues });
  const control = await startControlServer(clouds, panda, options.controlPort ?? 0);
  return {
    clouds,
    controlUrl: control.url,
    panda,
    step,
    close: async () => {
      if (timer) clearInterval(timer);
      await Promise.all([control.close(), panda.close(), ...clouds.map((c) => c.endpoint.close())]);
    },
  };
}

/** One PanDA queue per distinct cloud queue, busier where the cloud is bigger. */
function buildPandaQueues(specs: readonly DemoCloudSpec[]): PandaSimQueueSpec[] {
  const byQueue = new Map<string, number>();
  for (const spec of specs) byQueue.set(spec.queue, (byQueue.get(spec.queue) ?? 0) + spec.target.base);
  return [...byQueue].map(([name, vms]) => ({
    name,
    // About what the cloud's VMs can run (four slots each, twenty-minute jobs), so the backlog breathes.
    meanArrivalsPerMin: Math.max(1, Math.round((vms * 4) / 20)),
    burstEveryMin: 45,
    burstJobs: [vms, vms * 6] as const,
    jobMinutes: 20,
    failureRate: 0.03,
    modelledSlots: vms * 4,
  }));
}

/** Slots on the fleet's VMs serving `queue`: one job per core; a draining VM finishes its jobs but takes no new one. */
function countQueueSlots(clouds: readonly RunningDemoCloud[], queue: string): QueueCapacity | null {
  const serving = clouds.filter((c) => c.spec.queue === queue);
  if (serving.length === 0) return null;
  const slots = { accepting: 0, total: 0 };
  for (const { sim } of serving) {
    for (const vm of sim.listVms()) {
      if (vm.phase !== "running" || (vm.metadata.panda_queue ?? queue) !== queue) continue;
      const cores = sim.flavors.find((f) => f.id === vm.flavorId)?.vcpus ?? 1;
      slots.total += cores;
      if (vm.metadata[DRAIN_METADATA_KEY] === undefined) slots.accepting += cores;
    }
  }
  return slots;
}

function flavor(name: string, vcpus: number, ramMb: number, diskGb: number): SimFlavor {
  return { id: name, name, vcpus, ramMb, diskGb };
}

/** The golden image's id on a demo cloud of this kind, in the provider's style. */
export function goldenImageIdFor(kind: DemoCloudSpec["kind"]): string {
  switch (kind) {
    case "ec2":
      return "ami-00c3f0a1";
    case "opennebula":
      return "7";
    default:
      return "5f0c7d3e-4b1a-4c8e-9d2f-0a1b2c3d4e5f";
  }
}

function startSimFor(spec: DemoCloudSpec, sim: SimCloud): Promise<SimEndpoint> {
  switch (spec.kind) {
    case "openstack":
      return startOpenStackSim(sim, { region: spec.region });
    case "ec2":
      return startEc2Sim(sim, { region: spec.region });
    case "opennebula":
      return startOpenNebulaSim(sim);
    case "cloudsigma":
      return startCloudSigmaSim(sim);
  }
}

const faultsInput = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: z.number().min(0).max(1),
    timeout: z.boolean(),
    rateLimitPerSec: z.number().int().min(0),
    malformed: z.boolean(),
    bootFailureRate: z.number().min(0).max(1).nullable(),
    imageUpload: z.enum(SIM_IMAGE_UPLOAD_FAULTS),
  })
  .partial()
  .strict();

const pandaFaultsInput = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000),
    down: z.boolean(),
    timeout: z.boolean(),
    malformed: z.boolean(),
    refuse: z.string().min(1).nullable(),
  })
  .partial()
  .strict();

function startControlServer(clouds: RunningDemoCloud[], panda: PandaSimEndpoint, port: number): Promise<RunningServer> {
  return startSimServer(async (req) => {
    const json = (status: number, body: unknown) => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (req.url.pathname === "/panda/faults" && req.method === "GET") return json(200, panda.faults);
    if (req.url.pathname === "/panda/faults" && req.method === "PUT") {
      const faults = pandaFaultsInput.safeParse(parseJson(req.body));
      if (!faults.success) return json(400, { error: faults.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") });
      panda.setFaults(faults.data);
      return json(200, panda.faults);
    }
    if (req.method === "GET" && req.url.pathname === "/clouds") {
      return json(
        200,
        clouds.map((c) => ({
          name: c.spec.name,
          kind: c.spec.kind,
          url: c.endpoint.url,
          region: c.endpoint.region,
          credentials: c.endpoint.credentials,
          client: describeClientAccess(c.endpoint),
          faults: c.sim.faults,
          vms: c.sim.listVms().length,
        })),
      );
    }
    const match = /^\/clouds\/([^/]+)\/(faults|client)$/.exec(req.url.pathname);
    const target = match && clouds.find((c) => c.spec.name === decodeURIComponent(match[1]!));
    if (req.method === "GET" && target && match[2] === "client") {
      return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: `${describeClientAccess(target.endpoint).snippet}\n` };
    }
    if (req.method === "PUT" && target && match[2] === "faults") {
      let body: unknown;
      try {
        body = JSON.parse(req.body || "{}");
      } catch {
        return json(400, { error: "body must be JSON" });
      }
      const faults = faultsInput.safeParse(body);
      if (!faults.success) return json(400, { error: faults.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") });
      target.sim.setFaults(faults.data);
      return json(200, target.sim.faults);
    }
    return json(404, { error: "not found" });
  }, port);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return undefined;
  }
}
