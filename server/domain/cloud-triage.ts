import type { CloudStatus } from "./vocabulary";

export interface TriagedCloud {
  name: string;
  kind: string;
  region: string | null;
  status: CloudStatus;
  paused: boolean;
}

/**
 * Worst first: down, degraded, not yet known, paused or disabled (an operator's choice,
 * not a fault), then up. A cloud that is both paused and down is down: the fault matters more.
 */
const TRIAGE_RANK: Record<CloudStatus | "paused", number> = { down: 0, degraded: 1, unknown: 2, paused: 3, disabled: 3, up: 4 };

export function rankCloud(cloud: Pick<TriagedCloud, "status" | "paused">): number {
  const rank = TRIAGE_RANK[cloud.status];
  return cloud.paused ? Math.min(rank, TRIAGE_RANK.paused) : rank;
}

/** True for a cloud that needs a look: anything but up and running freely. */
export function isProblemCloud(cloud: Pick<TriagedCloud, "status" | "paused">): boolean {
  return rankCloud(cloud) < TRIAGE_RANK.up;
}

/** The clouds worst first, by name within the same rank (a new array). */
export function orderCloudsWorstFirst<T extends Pick<TriagedCloud, "name" | "status" | "paused">>(clouds: readonly T[]): T[] {
  return [...clouds].sort((a, b) => rankCloud(a) - rankCloud(b) || a.name.localeCompare(b.name));
}

export const CLOUD_GROUPINGS = ["none", "kind", "region"] as const;
export type CloudGrouping = (typeof CLOUD_GROUPINGS)[number];

export interface CloudGroup<T> {
  /** The kind or region shared by the group; null when not grouped, or for clouds without a region. */
  key: string | null;
  clouds: T[];
}

/**
 * Groups already-ordered clouds by kind or region, keeping each group worst first; the groups
 * themselves come worst first too (by their worst cloud), then by name.
 */
export function groupClouds<T extends TriagedCloud>(clouds: readonly T[], by: CloudGrouping): CloudGroup<T>[] {
  const ordered = orderCloudsWorstFirst(clouds);
  if (by === "none") return [{ key: null, clouds: ordered }];
  const groups = new Map<string | null, T[]>();
  for (const cloud of ordered) {
    const key = by === "kind" ? cloud.kind : cloud.region;
    groups.set(key, [...(groups.get(key) ?? []), cloud]);
  }
  return [...groups.entries()]
    .map(([key, members]) => ({ key, clouds: members }))
    .sort((a, b) => rankCloud(a.clouds[0]!) - rankCloud(b.clouds[0]!) || (a.key ?? "\uffff").localeCompare(b.key ?? "\uffff"));
}
