import { LIVE_VM_STATES, type VmImageClass, type VmState } from "./vocabulary";

/**
 * The part of a VMs-table query a count stands for. A figure on a page and the table it
 * links to are built from the same filter, so what the link shows is what was counted.
 */
export interface VmFilter {
  cloudId?: number;
  states: readonly VmState[];
  /** Only rows the worker could not refresh (the "N VMs stale" figures). */
  stale?: boolean;
  /** Only VMs whose image the collector classified so. */
  imageClasses?: readonly VmImageClass[];
  /** Only VMs running this catalogue version. */
  imageVersionId?: number;
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

/** Image classes the overview warns about: VMs running what the experiment withdrew or never catalogued. */
export const DOUBTFUL_IMAGE_CLASSES: readonly VmImageClass[] = ["revoked", "unknown"];

/** "7 VMs on revoked or unknown images": live VMs whose image is classified so. */
export function filterVmsOnImageClasses(imageClasses: readonly VmImageClass[], cloudId?: number): VmFilter {
  return { cloudId, states: LIVE_VM_STATES, imageClasses };
}

/** "3 VMs" in a deployment matrix cell: live VMs running one version on one cloud. */
export function filterVmsOnVersion(imageVersionId: number, cloudId: number): VmFilter {
  return { cloudId, states: LIVE_VM_STATES, imageVersionId };
}
