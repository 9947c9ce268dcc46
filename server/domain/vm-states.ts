import type { VmState } from "../clouds/driver";

/** A VM that exists at the provider as far as we know: what "live" counts. */
export const LIVE_VM_STATES = ["requested", "booting", "running", "draining", "error"] as const satisfies readonly VmState[];

/** A VM that is gone at the provider; it changes again only if the provider lists it again. */
export const FINAL_VM_STATES = ["terminated", "lost"] as const satisfies readonly VmState[];

const FINAL: ReadonlySet<VmState> = new Set(FINAL_VM_STATES);

export function isFinalVmState(state: VmState): boolean {
  return FINAL.has(state);
}
