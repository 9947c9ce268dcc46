import { DRAIN_METADATA_KEY, IMAGE_VERSION_ID_PROPERTY, IMAGE_VERSION_LABEL_PROPERTY, TOKEN_METADATA_KEY } from "../../domain/vm-metadata";
import type { LaunchRequest, ProviderFlavor, ProviderImage, ProviderQuota, ProviderVm, PublishImageRequest, QuotaFigure } from "../driver";
import type { VmState } from "../../domain/vocabulary";
import { CloudApiError } from "../errors";
import type { GlanceCreateImageBody, GlanceImage, NovaAbsoluteLimits, NovaCreateServerBody, NovaFlavor, NovaServer } from "./api-types";


const MAX_METADATA_BYTES = 255;

const STATE_BY_STATUS: Readonly<Record<string, VmState>> = {
  BUILD: "booting",
  REBUILD: "booting",
  ACTIVE: "running",
  REBOOT: "running",
  HARD_REBOOT: "running",
  PASSWORD: "running",
  MIGRATING: "running",
  RESIZE: "running",
  VERIFY_RESIZE: "running",
  REVERT_RESIZE: "running",
  SHUTOFF: "terminated",
  SHELVED: "terminated",
  SHELVED_OFFLOADED: "terminated",
  DELETED: "terminated",
  SOFT_DELETED: "terminated",
  ERROR: "error",
};

/**
 * Nova status (plus task_state while building or deleting) onto our states. Statuses in which the VM
 * cannot work and that we never cause (PAUSED, SUSPENDED, RESCUE, UNKNOWN) count as errors
 * so that someone looks at them.
 */
export function toVmState(status: string, taskState: string | null, metadata: Record<string, string>): VmState {
  if (status === "BUILD" && taskState === "scheduling") return "requested";
  // Nova keeps the old status (often ACTIVE) while it deletes a server: it is ending, not running.
  if (taskState === "deleting" || taskState === "soft-deleting") return "terminated";
  const state = STATE_BY_STATUS[status] ?? "error";
  return state === "running" && DRAIN_METADATA_KEY in metadata ? "draining" : state;
}

export function toProviderVm(server: NovaServer, flavorIdByName: ReadonlyMap<string, string>): ProviderVm {
  const taskState = server["OS-EXT-STS:task_state"] ?? null;
  return {
    providerId: server.id,
    name: server.name,
    state: toVmState(server.status, taskState, server.metadata),
    rawState: taskState ? `${server.status}/${taskState}` : server.status,
    flavorId: flavorIdByName.get(server.flavor.original_name) ?? null,
    imageId: server.image === "" ? null : server.image.id,
    ip: pickAddress(server.addresses),
    createdAt: new Date(server.created),
    metadata: server.metadata,
    fault: server.status === "ERROR" ? (server.fault?.message ?? null) : null,
  };
}

function pickAddress(addresses: NovaServer["addresses"]): string | null {
  const all = Object.values(addresses).flat();
  return (all.find((a) => a.version === 4) ?? all[0])?.addr ?? null;
}

export function toProviderFlavor(flavor: NovaFlavor): ProviderFlavor {
  return { providerId: flavor.id, name: flavor.name, vcpus: flavor.vcpus, ramMb: flavor.ram, diskGb: flavor.disk };
}

export function toProviderQuota(limits: NovaAbsoluteLimits): ProviderQuota {
  return {
    instances: toFigure(limits.totalInstancesUsed, limits.maxTotalInstances),
    cores: toFigure(limits.totalCoresUsed, limits.maxTotalCores),
    ramMb: toFigure(limits.totalRAMUsed, limits.maxTotalRAMSize),
  };
}

function toFigure(used: number, max: number): QuotaFigure {
  return { used, limit: max < 0 ? null : max };
}

/** Reports the sha512 only, the digest our image versions are recorded with. */
export function toProviderImage(image: GlanceImage): ProviderImage {
  return {
    providerId: image.id,
    name: image.name ?? "",
    status: image.status,
    sizeBytes: image.size ?? null,
    checksum: image.os_hash_algo === "sha512" ? (image.os_hash_value ?? null) : null,
    os: image.os_distro ?? null,
  };
}

/** One server per call; the client token rides in metadata because Nova has no idempotency key. */
export function toCreateServerBody(request: LaunchRequest): NovaCreateServerBody {
  const userData = Buffer.from(request.userData, "utf8").toString("base64");
  const metadata = { ...request.metadata, [TOKEN_METADATA_KEY]: request.clientToken };
  checkMetadata(metadata);
  const network = request.network ?? "auto";
  return {
    server: {
      name: request.name,
      imageRef: request.imageId,
      flavorRef: request.flavorId,
      networks: network === "auto" || network === "none" ? network : [{ uuid: network }],
      ...(userData ? { user_data: userData } : {}),
      metadata,
      min_count: 1,
      max_count: 1,
    },
  };
}

/** Refuses what Nova would refuse, with a message that names the entry. */
export function checkMetadata(metadata: Record<string, string>): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (Buffer.byteLength(key) > MAX_METADATA_BYTES || Buffer.byteLength(value) > MAX_METADATA_BYTES) {
      throw new CloudApiError("bad_request", `Metadata "${key.slice(0, 40)}" is longer than ${MAX_METADATA_BYTES} bytes in its key or value`);
    }
  }
}

/** Glance has no "ova" disk format: an OVA is a container of VMDK disks. */
export function toCreateImageBody(request: PublishImageRequest): GlanceCreateImageBody {
  const ova = request.diskFormat === "ova";
  return {
    name: request.name,
    disk_format: ova ? "vmdk" : request.diskFormat,
    container_format: ova ? "ova" : "bare",
    visibility: "private",
    [IMAGE_VERSION_ID_PROPERTY]: request.identifier,
    [IMAGE_VERSION_LABEL_PROPERTY]: request.versionLabel,
  };
}
