import { formatCount, formatMb } from "@/components/format/format-number";
import { computeLaunchNeeds, type QuotaFigureRow } from "@/server/domain/launch-quota";
import { QUOTA_RESOURCE_LABELS, QUOTA_RESOURCES, type QuotaResource } from "@/server/domain/vocabulary";

export interface QuotaImpact {
  resource: QuotaResource;
  label: string;
  used: number;
  adds: number;
  after: number;
  limit: number | null;
  over: boolean;
  /** "12 + 40 = 52 of 100 cores" */
  text: string;
}

function format(resource: QuotaResource, n: number): string {
  return resource === "ram_mb" ? formatMb(n) : formatCount(n);
}

/**
 * What a launch of `count` VMs of a flavor does to each quota the cloud reports: used now,
 * what it adds, the total after, and whether that passes the limit. The server decides
 * again at submit (it also counts VMs requested but not yet seen by the cloud).
 */
export function computeQuotaImpact(quotas: readonly QuotaFigureRow[], count: number, flavor: { vcpus: number; ramMb: number } | null): QuotaImpact[] {
  const adds = computeLaunchNeeds(Number.isInteger(count) && count > 0 ? count : 0, flavor);
  return QUOTA_RESOURCES.flatMap((resource) => {
    const q = quotas.find((row) => row.resource === resource);
    if (!q) return [];
    const after = q.used + adds[resource];
    const over = q.limit !== null && after > q.limit;
    const limit = q.limit === null ? "no limit" : `of ${format(resource, q.limit)}`;
    const text = `${format(resource, q.used)} + ${format(resource, adds[resource])} = ${format(resource, after)} ${limit}${over ? ` (${format(resource, after - (q.limit ?? 0))} over)` : ""}`;
    return [{ resource, label: QUOTA_RESOURCE_LABELS[resource], used: q.used, adds: adds[resource], after, limit: q.limit, over, text }];
  });
}

/**
 * The most VMs of a flavor that every reported limit still takes ("launch what fits"); null
 * when no flavor is chosen or no limit binds.
 */
export function countFittingVms(quotas: readonly QuotaFigureRow[], flavor: { vcpus: number; ramMb: number } | null): number | null {
  if (!flavor) return null;
  const perVm = computeLaunchNeeds(1, flavor);
  let fits = Number.POSITIVE_INFINITY;
  for (const q of quotas) {
    if (q.limit === null || perVm[q.resource] === 0) continue;
    fits = Math.min(fits, Math.floor(Math.max(0, q.limit - q.used) / perVm[q.resource]));
  }
  return Number.isFinite(fits) ? fits : null;
}
