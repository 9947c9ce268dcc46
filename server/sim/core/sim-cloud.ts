import type { Clock } from "./clock";
import { createRandom, pickBetween, randomUuid } from "./random";

/**
 * The provider-neutral model of one simulated cloud. Each protocol server in
 * server/sim/<kind>/ renders these VMs in its own wire format and state words.
 */

export interface SimFlavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface SimImage {
  id: string;
  name: string;
  os: string;
  sizeBytes: number;
  sha512: string;
  /** Images uploaded through the API: their provider status (absent: ready) and the properties they were created with. */
  status?: string;
  properties?: Record<string, string>;
}

export interface SimQuota {
  instances: number;
  cores: number;
  ramMb: number;
}

/**
 * pending: accepted, not scheduled yet; booting: on a host, starting; running;
 * stopped: finished its work and powered off; failed: did not boot; deleted: gone.
 */
export type SimVmPhase = "pending" | "booting" | "running" | "stopped" | "failed" | "deleted";

export interface SimVm {
  /** Sequence number in this cloud, for providers with numeric ids. */
  seq: number;
  id: string;
  name: string;
  imageId: string;
  flavorId: string;
  ip: string;
  userData: string;
  metadata: Record<string, string>;
  createdAt: number;
  scheduledAt: number;
  bootedAt: number;
  failsToBoot: boolean;
  jobMs: number;
  /** When the VM powers itself off (its queue ran dry for it, or it was drained). */
  endsAt: number;
  deletedAt: number | null;
  phase: SimVmPhase;
}

export interface SimFaults {
  /** Extra delay before every answer. */
  latencyMs: number;
  /** Share of requests answered with a server error, 0..1. */
  errorRate: number;
  /** Never answer (the client must time out). */
  timeout: boolean;
  /** Requests per second allowed; 0 means no limit. */
  rateLimitPerSec: number;
  /** Answer with a reply that breaks the protocol's shape. */
  malformed: boolean;
  /** Share of new VMs that fail to boot, 0..1; null keeps the cloud's own rate. */
  bootFailureRate: number | null;
  /** How image uploads end: stored as sent, stored altered (the cloud's checksum differs), or refused over quota. */
  imageUpload: SimImageUploadFault;
}

export const SIM_IMAGE_UPLOAD_FAULTS = ["none", "corrupt", "over_quota"] as const;
export type SimImageUploadFault = (typeof SIM_IMAGE_UPLOAD_FAULTS)[number];

export const NO_FAULTS: SimFaults = { latencyMs: 0, errorRate: 0, timeout: false, rateLimitPerSec: 0, malformed: false, bootFailureRate: null, imageUpload: "none" };

/** Metadata key a drained VM reads: it finishes its current job, takes no other, and powers off. */
export const DRAIN_METADATA_KEY = "cloudscope_drain";

export interface SimCloudOptions {
  name: string;
  seed: number;
  clock: Clock;
  quota: SimQuota;
  flavors: SimFlavor[];
  images: SimImage[];
  /** Seconds-scale ranges, in ms. */
  scheduleDelayMs?: readonly [number, number];
  bootDelayMs?: readonly [number, number];
  bootFailureRate?: number;
  jobMs?: readonly [number, number];
  jobsPerVm?: readonly [number, number];
  /** How long a deleted VM stays visible in provider listings (EC2 keeps terminated ones). */
  keepDeletedMs?: number;
  /** "uuid" for providers whose ids are UUIDs (Nova, CloudSigma); otherwise prefix + hex sequence. */
  idStyle?: "uuid" | "sequence";
  idPrefix?: string;
}

export type SimRefusalReason = "quota" | "image" | "flavor";

export class SimRefusal extends Error {
  constructor(readonly reason: SimRefusalReason, message: string) {
    super(message);
  }
}

export class SimCloud {
  readonly name: string;
  readonly clock: Clock;
  readonly quota: SimQuota;
  readonly flavors: SimFlavor[];
  readonly images: SimImage[];
  faults: SimFaults = { ...NO_FAULTS };
  private readonly random: () => number;
  private readonly vms = new Map<string, SimVm>();
  private seq = 0;
  /** Jobs finished by VMs no longer kept in `vms` (see jobsCompleted). */
  private jobsCompletedByForgottenVms = 0;
  private killed = 0;
  private readonly opts: Required<Omit<SimCloudOptions, "name" | "seed" | "clock" | "quota" | "flavors" | "images">>;

  constructor(options: SimCloudOptions) {
    this.name = options.name;
    this.clock = options.clock;
    this.quota = options.quota;
    this.flavors = options.flavors;
    this.images = options.images;
    this.random = createRandom(options.seed);
    this.opts = {
      scheduleDelayMs: options.scheduleDelayMs ?? [500, 3_000],
      bootDelayMs: options.bootDelayMs ?? [10_000, 40_000],
      bootFailureRate: options.bootFailureRate ?? 0.03,
      jobMs: options.jobMs ?? [60_000, 180_000],
      jobsPerVm: options.jobsPerVm ?? [2, 6],
      keepDeletedMs: options.keepDeletedMs ?? 0,
      idStyle: options.idStyle ?? "sequence",
      idPrefix: options.idPrefix ?? "",
    };
  }

  setFaults(faults: Partial<SimFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  /** Draws from this cloud's seeded generator (for fault decisions and ids). */
  draw(): number {
    return this.random();
  }

  /** Every VM still visible at the provider, phases brought up to the clock. */
  listVms(): SimVm[] {
    const now = this.clock.now();
    const out: SimVm[] = [];
    for (const vm of this.vms.values()) {
      vm.phase = phaseAt(vm, now);
      if (vm.phase === "deleted" && vm.deletedAt !== null && now - vm.deletedAt >= this.opts.keepDeletedMs) {
        this.jobsCompletedByForgottenVms += jobsCompletedAt(vm, now);
        this.vms.delete(vm.id);
        continue;
      }
      out.push(vm);
    }
    return out;
  }

  getVm(id: string): SimVm | undefined {
    const vm = this.vms.get(id);
    if (vm) vm.phase = phaseAt(vm, this.clock.now());
    return vm;
  }

  usage(): SimQuota {
    let instances = 0;
    let cores = 0;
    let ramMb = 0;
    for (const vm of this.listVms()) {
      if (vm.phase === "deleted") continue;
      const flavor = this.flavors.find((f) => f.id === vm.flavorId);
      instances += 1;
      cores += flavor?.vcpus ?? 0;
      ramMb += flavor?.ramMb ?? 0;
    }
    return { instances, cores, ramMb };
  }

  /** Creates a VM as the provider would, or refuses with the provider-neutral reason. */
  createVm(request: { name: string; imageId: string; flavorId: string; userData?: string; metadata?: Record<string, string>; id?: string; ageMs?: number }): SimVm {
    const flavor = this.flavors.find((f) => f.id === request.flavorId);
    if (!flavor) throw new SimRefusal("flavor", `Flavor ${request.flavorId} could not be found.`);
    if (!this.images.some((i) => i.id === request.imageId)) throw new SimRefusal("image", `Image ${request.imageId} could not be found.`);
    const used = this.usage();
    if (used.instances + 1 > this.quota.instances) {
      throw new SimRefusal("quota", `Quota exceeded for instances: Requested 1, but already used ${used.instances} of ${this.quota.instances} instances`);
    }
    if (used.cores + flavor.vcpus > this.quota.cores) {
      throw new SimRefusal("quota", `Quota exceeded for cores: Requested ${flavor.vcpus}, but already used ${used.cores} of ${this.quota.cores} cores`);
    }
    if (used.ramMb + flavor.ramMb > this.quota.ramMb) {
      throw new SimRefusal("quota", `Quota exceeded for ram: Requested ${flavor.ramMb}, but already used ${used.ramMb} of ${this.quota.ramMb} ram`);
    }
    // ageMs backdates a VM, so a demo fleet starts with VMs already mid-life.
    const now = this.clock.now() - (request.ageMs ?? 0);
    this.seq += 1;
    const scheduledAt = now + pickBetween(this.random, this.opts.scheduleDelayMs);
    const bootedAt = scheduledAt + pickBetween(this.random, this.opts.bootDelayMs);
    const jobMs = pickBetween(this.random, this.opts.jobMs);
    const jobs = pickBetween(this.random, this.opts.jobsPerVm);
    const vm: SimVm = {
      seq: this.seq,
      id: request.id ?? (this.opts.idStyle === "uuid" ? randomUuid(this.random) : `${this.opts.idPrefix}${this.seq.toString(16).padStart(8, "0")}`),
      name: request.name,
      imageId: request.imageId,
      flavorId: request.flavorId,
      ip: `10.${(this.seq >> 16) & 255}.${(this.seq >> 8) & 255}.${this.seq & 255}`,
      userData: request.userData ?? "",
      metadata: { ...(request.metadata ?? {}) },
      createdAt: now,
      scheduledAt,
      bootedAt,
      failsToBoot: this.random() < (this.faults.bootFailureRate ?? this.opts.bootFailureRate),
      jobMs,
      endsAt: bootedAt + jobMs * jobs,
      deletedAt: null,
      phase: "pending",
    };
    vm.phase = phaseAt(vm, this.clock.now());
    this.vms.set(vm.id, vm);
    return vm;
  }

  /** Jobs run to their end by this cloud's VMs so far. */
  get jobsCompleted(): number {
    const now = this.clock.now();
    let done = this.jobsCompletedByForgottenVms;
    for (const vm of this.vms.values()) done += jobsCompletedAt(vm, now);
    return done;
  }

  /** Jobs cut short: a VM deleted in the middle of one. A drained VM is deleted only between jobs. */
  get jobsKilled(): number {
    return this.killed;
  }

  /** Whether the VM is in the middle of a job now (booted, not yet powered off, not between two jobs). */
  isRunningJob(id: string): boolean {
    const vm = this.getVm(id);
    return vm !== undefined && vm.phase === "running" && (this.clock.now() - vm.bootedAt) % vm.jobMs !== 0;
  }

  deleteVm(id: string): boolean {
    const vm = this.vms.get(id);
    if (!vm || vm.deletedAt !== null) return false;
    if (this.isRunningJob(id)) this.killed += 1;
    vm.deletedAt = this.clock.now();
    vm.phase = "deleted";
    return true;
  }

  /** Replaces a VM's metadata; a drain flag makes it finish its current job and power off. */
  setMetadata(id: string, metadata: Record<string, string>): boolean {
    const vm = this.getVm(id);
    if (!vm || vm.phase === "deleted") return false;
    vm.metadata = { ...metadata };
    if (metadata[DRAIN_METADATA_KEY] && vm.phase === "running") {
      const now = this.clock.now();
      const intoJob = (now - vm.bootedAt) % vm.jobMs;
      vm.endsAt = Math.min(vm.endsAt, now + (vm.jobMs - intoJob));
    } else if (metadata[DRAIN_METADATA_KEY] && (vm.phase === "pending" || vm.phase === "booting")) {
      // Drained before it booted: its job agent reads the flag at boot and takes no job.
      vm.endsAt = Math.min(vm.endsAt, vm.bootedAt);
    }
    return true;
  }
}

/** Whole jobs the VM ran from boot until it powered off, was deleted, or now. */
function jobsCompletedAt(vm: SimVm, now: number): number {
  if (vm.failsToBoot) return 0;
  const end = Math.min(now, vm.endsAt, vm.deletedAt ?? Number.POSITIVE_INFINITY);
  return end <= vm.bootedAt ? 0 : Math.floor((end - vm.bootedAt) / vm.jobMs);
}

function phaseAt(vm: SimVm, now: number): SimVmPhase {
  if (vm.deletedAt !== null && vm.deletedAt <= now) return "deleted";
  if (now < vm.scheduledAt) return "pending";
  if (now < vm.bootedAt) return "booting";
  if (vm.failsToBoot) return "failed";
  if (now >= vm.endsAt) return "stopped";
  return "running";
}
