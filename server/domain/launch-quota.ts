/** Whether a launch fits the cloud's quota, decided before anything is queued. */

export type QuotaResourceName = "instances" | "cores" | "ram_mb";

export interface QuotaFigureRow {
  resource: QuotaResourceName;
  used: number;
  /** null: unlimited */
  limit: number | null;
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
  const needs: Record<QuotaResourceName, { need: number; pending: number; unit: string }> = {
    instances: { need: launch.count, pending: pending.instances, unit: "instances" },
    cores: { need: launch.count * launch.vcpus, pending: pending.cores, unit: "cores" },
    ram_mb: { need: launch.count * launch.ramMb, pending: pending.ramMb, unit: "MB of RAM" },
  };
  for (const resource of ["instances", "cores", "ram_mb"] as const) {
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
