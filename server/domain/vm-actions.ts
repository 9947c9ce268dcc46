import type { VmState } from "./vocabulary";

interface VmStanding {
  state: VmState;
  drainRequestedAt: Date | null;
  destroyRequestedAt: Date | null;
}

/** Whether offering a drain makes sense: the services apply the same rule and say why not. */
export function canOfferDrain(v: VmStanding): boolean {
  return (v.state === "booting" || v.state === "running") && v.drainRequestedAt === null && v.destroyRequestedAt === null;
}

/** Whether offering a destroy makes sense: a VM gone at its provider or already ending has nothing left to destroy. */
export function canOfferDestroy(v: VmStanding): boolean {
  return v.state !== "terminated" && v.state !== "lost" && v.destroyRequestedAt === null;
}
