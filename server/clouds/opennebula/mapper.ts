import { DRAIN_METADATA_KEY } from "../../domain/vm-metadata";
import type { ProviderFlavor, ProviderImage, ProviderQuota, ProviderVm, QuotaFigure } from "../driver";
import type { VmState } from "../../domain/vocabulary";
import type { OneImage, OneUser, OneVm, OneVmQuota } from "./api-types";


/**
 * OpenNebula has no flavors: a VM template states CPU, VCPU and MEMORY itself. These sizes
 * are what we offer operators; the disk is the image's own, hence diskGb 0.
 */
export const FLAVORS: readonly ProviderFlavor[] = [
  { providerId: "small", name: "small", vcpus: 1, ramMb: 2048, diskGb: 0 },
  { providerId: "medium", name: "medium", vcpus: 2, ramMb: 4096, diskGb: 0 },
  { providerId: "large", name: "large", vcpus: 4, ramMb: 8192, diskGb: 0 },
];

const STATE_NAMES = ["INIT", "PENDING", "HOLD", "ACTIVE", "STOPPED", "SUSPENDED", "DONE", "FAILED", "POWEROFF", "UNDEPLOYED", "CLONING", "CLONING_FAILURE"];
const ACTIVE = 3;

// Index = LCM_STATE value (OpenNebula include/VirtualMachine.h); 15 was CLEANUP in 3.x.
const LCM_NAMES = [
  "LCM_INIT", "PROLOG", "BOOT", "RUNNING", "MIGRATE", "SAVE_STOP", "SAVE_SUSPEND", "SAVE_MIGRATE", "PROLOG_MIGRATE", "PROLOG_RESUME",
  "EPILOG_STOP", "EPILOG", "SHUTDOWN", "CANCEL", "FAILURE", "CLEANUP_RESUBMIT", "UNKNOWN", "HOTPLUG", "SHUTDOWN_POWEROFF", "BOOT_UNKNOWN",
  "BOOT_POWEROFF", "BOOT_SUSPENDED", "BOOT_STOPPED", "CLEANUP_DELETE", "HOTPLUG_SNAPSHOT", "HOTPLUG_NIC", "HOTPLUG_SAVEAS", "HOTPLUG_SAVEAS_POWEROFF", "HOTPLUG_SAVEAS_SUSPENDED", "SHUTDOWN_UNDEPLOY",
  "EPILOG_UNDEPLOY", "PROLOG_UNDEPLOY", "BOOT_UNDEPLOY", "HOTPLUG_PROLOG_POWEROFF", "HOTPLUG_EPILOG_POWEROFF", "BOOT_MIGRATE", "BOOT_FAILURE", "BOOT_MIGRATE_FAILURE", "PROLOG_MIGRATE_FAILURE", "PROLOG_FAILURE",
  "EPILOG_FAILURE", "EPILOG_STOP_FAILURE", "EPILOG_UNDEPLOY_FAILURE", "PROLOG_MIGRATE_POWEROFF", "PROLOG_MIGRATE_POWEROFF_FAILURE", "PROLOG_MIGRATE_SUSPEND", "PROLOG_MIGRATE_SUSPEND_FAILURE", "BOOT_UNDEPLOY_FAILURE", "BOOT_STOPPED_FAILURE", "PROLOG_RESUME_FAILURE",
  "PROLOG_UNDEPLOY_FAILURE", "DISK_SNAPSHOT_POWEROFF", "DISK_SNAPSHOT_REVERT_POWEROFF", "DISK_SNAPSHOT_DELETE_POWEROFF", "DISK_SNAPSHOT_SUSPENDED", "DISK_SNAPSHOT_REVERT_SUSPENDED", "DISK_SNAPSHOT_DELETE_SUSPENDED", "DISK_SNAPSHOT", "DISK_SNAPSHOT_REVERT", "DISK_SNAPSHOT_DELETE",
  "PROLOG_MIGRATE_UNKNOWN", "PROLOG_MIGRATE_UNKNOWN_FAILURE", "DISK_RESIZE", "DISK_RESIZE_POWEROFF", "DISK_RESIZE_UNDEPLOYED", "HOTPLUG_NIC_POWEROFF", "HOTPLUG_RESIZE", "HOTPLUG_SAVEAS_UNDEPLOYED", "HOTPLUG_SAVEAS_STOPPED", "BACKUP",
  "BACKUP_POWEROFF",
];

const IMAGE_STATE_NAMES = ["init", "ready", "used", "disabled", "locked", "error", "clone", "delete", "used_pers", "locked_used", "locked_used_pers"];

/** OpenNebula's own display rule (state_str): the LCM name while ACTIVE, the STATE name otherwise. */
export function describeState(state: number, lcmState: number): string {
  if (state === ACTIVE) return LCM_NAMES[lcmState] ?? `LCM_STATE_${lcmState}`;
  return STATE_NAMES[state] ?? `STATE_${state}`;
}

export function mapState(state: number, lcmState: number, drainRequested: boolean): VmState {
  switch (STATE_NAMES[state]) {
    case "INIT":
    case "PENDING":
    case "HOLD":
    case "CLONING":
      return "requested";
    case "ACTIVE":
      return mapActive(LCM_NAMES[lcmState], drainRequested);
    case "STOPPED":
    case "SUSPENDED":
    case "DONE":
    case "POWEROFF":
    case "UNDEPLOYED":
      return "terminated";
    default:
      return "error";
  }
}

function mapActive(lcm: string | undefined, drainRequested: boolean): VmState {
  if (lcm === undefined || lcm === "UNKNOWN" || lcm === "FAILURE" || lcm.endsWith("_FAILURE")) return "error";
  if (lcm === "LCM_INIT" || lcm.startsWith("PROLOG") || lcm.startsWith("BOOT")) return "booting";
  if (/^(EPILOG|SHUTDOWN|SAVE_STOP|SAVE_SUSPEND|CLEANUP|CANCEL)/.test(lcm)) return "terminated";
  // RUNNING, and what a running VM goes through in place: migrations, hotplugs, snapshots, backups.
  return drainRequested ? "draining" : "running";
}

/** USER_TEMPLATE attributes as metadata: keys lower-cased (OpenNebula upper-cases them), ERROR left out. */
export function readMetadata(userTemplate: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(userTemplate)) {
    if (key !== "ERROR" && typeof value === "string") out[key.toLowerCase()] = value;
  }
  return out;
}

export function mapVm(vm: OneVm): ProviderVm {
  const metadata = readMetadata(vm.USER_TEMPLATE);
  const state = mapState(vm.STATE, vm.LCM_STATE, Boolean(metadata[DRAIN_METADATA_KEY]));
  return {
    providerId: String(vm.ID),
    name: vm.NAME,
    state,
    rawState: describeState(vm.STATE, vm.LCM_STATE),
    flavorId: FLAVORS.find((f) => f.vcpus === vm.TEMPLATE.VCPU && f.ramMb === vm.TEMPLATE.MEMORY)?.providerId ?? null,
    imageId: vm.TEMPLATE.DISK.find((d) => d.IMAGE_ID !== undefined)?.IMAGE_ID ?? null,
    ip: vm.TEMPLATE.NIC.find((n) => n.IP)?.IP ?? null,
    createdAt: vm.STIME > 0 ? new Date(vm.STIME * 1000) : null,
    metadata,
    fault: state === "error" ? readError(vm.USER_TEMPLATE.ERROR) : null,
  };
}

/** A string in OpenNebula 5+, a vector with MESSAGE and TIMESTAMP before. */
function readError(error: unknown): string | null {
  if (typeof error === "string") return error;
  if (error !== null && typeof error === "object" && "MESSAGE" in error && typeof error.MESSAGE === "string") return error.MESSAGE;
  return null;
}

export function mapImage(image: OneImage): ProviderImage {
  return {
    providerId: String(image.ID),
    name: image.NAME,
    status: IMAGE_STATE_NAMES[image.STATE] ?? `state ${image.STATE}`,
    sizeBytes: Math.round(image.SIZE * 1024 * 1024),
    checksum: image.TEMPLATE.SHA1 ?? image.TEMPLATE.MD5 ?? null,
    os: null,
  };
}

export function isOsImage(image: OneImage): boolean {
  return image.TYPE === 0;
}

export function mapQuota(user: OneUser): ProviderQuota {
  const own = user.VM_QUOTA.VM;
  const defaults = user.DEFAULT_USER_QUOTAS.VM_QUOTA.VM;
  const figure = (limit: keyof OneVmQuota, used: keyof OneVmQuota): QuotaFigure => {
    // A user without a VM_QUOTA entry is held to the defaults.
    const raw = own?.[limit] ?? -1;
    const resolved = raw === -1 ? (defaults?.[limit] ?? -2) : raw;
    return { used: own?.[used] ?? 0, limit: resolved < 0 ? null : resolved };
  };
  return { instances: figure("VMS", "VMS_USED"), cores: figure("CPU", "CPU_USED"), ramMb: figure("MEMORY", "MEMORY_USED") };
}
