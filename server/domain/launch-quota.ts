/** Whether a launch fits the cloud's quota: shown in the launch dialog, decided again before anything is queued. */
import { QUOTA_RESOURCES, type QuotaResource } from "./vocabulary";

export interface QuotaFigureRow {
  resource: QuotaResource;
  used: number;
  /** null: unlimited */
  limit: number | null;
}

/** What a launch of `count` VMs of a flavor adds to each quota resource (nothing for a flavor not chosen yet). */
export function computeLaunchNeeds(count: number, flavor: { vcpus: number; ramMb: number } | null): Record<QuotaResource, number> {
  return { instances: count, cores: flavor ? count * flavor.vcpus : 0, ram_mb: flavor ? count * flavor.ramMb : 0 };
}

/** What VMs we asked for but the provider's last quota reading does not count yet. */
export interface PendingUse {
  instances: number;
  cores: number;
  ramMb: number;
}

export interface LaunchSize {
  cloudName: string;
  count: number;
  vcpus: number;
  ramMb: number;
}

const NUMBER = new Intl.NumberFormat("en-US");

/**
 * The first quota the launch would exceed, said with the numbers
 * ("Over quota on CERN LxCloud: 40 VMs need 160 cores, 12 of 480 free"), or null when it fits.
 * A resource the cloud does not report, or reports as unlimited, never refuses.
 */
export function findQuotaShortfall(launch: LaunchSize, quotas: readonly QuotaFigureRow[], pending: PendingUse): string | null {
  const need = computeLaunchNeeds(launch.count, launch);
  const needs: Record<QuotaResource, { need: number; pending: number; unit: string }> = {
    instances: { need: need.instances, pending: pending.instances, unit: "instances" },
    cores: { need: need.cores, pending: pending.cores, unit: "cores" },
    ram_mb: { need: need.ram_mb, pending: pending.ramMb, unit: "MB of RAM" },
  };
  for (const resource of QUOTA_RESOURCES) {
    const q = quotas.find((row) => row.resource === resource);
    if (!q || q.limit === null) continue;
    const { need, unit } = needs[resource];
    const free = Math.max(0, q.limit - q.used - needs[resource].pending);
    if (need > free) {
      const vms = `${NUMBER.format(launch.count)} VM${launch.count === 1 ? "" : "s"}`;
      const waiting = needs[resource].pending > 0 ? ` (${NUMBER.format(needs[resource].pending)} already requested and not yet counted by the cloud)` : "";
      return `Over quota on ${launch.cloudName}: ${vms} need ${NUMBER.format(need)} ${unit}, ${NUMBER.format(free)} of ${NUMBER.format(q.limit)} free${waiting}`;
    }
  }
  return null;
}
