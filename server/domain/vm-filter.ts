import { LIVE_VM_STATES, type VmState } from "./vocabulary";

/**
 * The part of a VMs-table query a count stands for. A figure on a page and the table it
 * links to are built from the same filter, so what the link shows is what was counted.
 */
export interface VmFilter {
  cloudId?: number;
  states: readonly VmState[];
  /** Only rows the worker could not refresh (the "N VMs stale" figures). */
  stale?: boolean;
}

/** "running 41", on one cloud or across all. */
export function filterVmsInState(state: VmState, cloudId?: number): VmFilter {
  return { cloudId, states: [state] };
}

/** "120 live VMs", and the VMs a quota counts. */
export function filterLiveVms(cloudId?: number): VmFilter {
  return { cloudId, states: LIVE_VM_STATES };
}

/** "42 VMs stale": live rows showing their last known state. */
export function filterStaleVms(cloudId?: number): VmFilter {
  return { cloudId, states: LIVE_VM_STATES, stale: true };
}
