import { DRAIN_METADATA_KEY, TOKEN_METADATA_KEY } from "../../domain/vm-metadata";
import type { ProviderFlavor, ProviderImage, ProviderQuota, ProviderVm } from "../driver";
import type { VmState } from "../../domain/vocabulary";
import type { CsCurrentUsage, CsDrive, CsServer } from "./api-types";

/** The clock speed one core stands for when sizing in MHz (libcloud's convention too). */
const MHZ_PER_CORE = 2000;
const MIB = 1024 * 1024;

export const META = {
  drain: DRAIN_METADATA_KEY,
  token: TOKEN_METADATA_KEY,
  /** The library drive a server was cloned from: its own drive is a copy with a new uuid. */
  image: "cloudscope_image",
  userData: "cloudinit-user-data",
  base64Fields: "base64_fields",
} as const;

/**
 * CloudSigma servers are free-sized (cpu in MHz, mem in bytes): there are no flavors.
 * These sizes are what we offer operators; the disk is the cloned image's own, hence diskGb 0.
 */
export const FLAVORS: readonly ProviderFlavor[] = [
  { providerId: "small", name: "small", vcpus: 1, ramMb: 2048, diskGb: 0 },
  { providerId: "medium", name: "medium", vcpus: 2, ramMb: 4096, diskGb: 0 },
  { providerId: "large", name: "large", vcpus: 4, ramMb: 8192, diskGb: 0 },
];

export function toServerSize(flavor: ProviderFlavor): { cpu: number; mem: number; smp: number } {
  return { cpu: flavor.vcpus * MHZ_PER_CORE, mem: flavor.ramMb * MIB, smp: flavor.vcpus };
}

/**
 * CloudSigma does not say whether a stopped server ever ran. Our launch starts the server in
 * the same call that creates it (and deletes it if the start is refused), so stopped = finished.
 */
export function mapState(status: string, drainRequested: boolean): VmState {
  switch (status) {
    case "starting":
      return "booting";
    case "running":
      return drainRequested ? "draining" : "running";
    case "stopped":
    case "stopping":
      return "terminated";
    default:
      // unavailable, paused ("essentially dead"), and anything newer.
      return "error";
  }
}

export function mapVm(server: CsServer): ProviderVm {
  const metadata = Object.fromEntries(Object.entries(server.meta).filter(([key]) => key !== META.userData && key !== META.base64Fields));
  const activeSince = server.runtime?.active_since ? new Date(server.runtime.active_since) : null;
  return {
    providerId: server.uuid,
    name: server.name,
    state: mapState(server.status, Boolean(metadata[META.drain])),
    rawState: server.status,
    flavorId: FLAVORS.find((f) => f.vcpus * MHZ_PER_CORE === server.cpu && f.ramMb * MIB === server.mem)?.providerId ?? null,
    imageId: metadata[META.image] ?? null,
    ip: server.runtime?.nics.find((nic) => nic.ip_v4)?.ip_v4?.uuid ?? null,
    // CloudSigma keeps no creation time; the start of the current run is the nearest.
    createdAt: activeSince && !Number.isNaN(activeSince.getTime()) ? activeSince : null,
    metadata,
    fault: null,
  };
}

export function mapImage(drive: CsDrive): ProviderImage {
  return { providerId: drive.uuid, name: drive.name, status: drive.status, sizeBytes: drive.size, checksum: null, os: drive.os ?? null };
}

/**
 * CloudSigma caps nothing but funds: subscriptions are prepaid capacity and use beyond them is
 * billed as burst, so no figure here is a limit. Used cores and RAM come from current usage.
 */
export function mapQuota(serverStatuses: string[], usage: CsCurrentUsage): ProviderQuota {
  return {
    instances: { used: serverStatuses.filter((s) => s !== "stopped").length, limit: null },
    cores: { used: usage.usage.cpu.using / MHZ_PER_CORE, limit: null },
    ramMb: { used: Math.round(usage.usage.mem.using / MIB), limit: null },
  };
}
