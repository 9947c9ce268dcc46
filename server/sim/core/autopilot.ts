import type { SimCloud } from "./sim-cloud";

export interface AutopilotOptions {
  /** How many live VMs the cloud's own scheduler wants at a given time. */
  target: (now: number) => number;
  /** How long finished or failed VMs linger before the scheduler deletes them. */
  reapAfterMs: number;
  namePrefix: string;
  queue: string;
}

/**
 * Stands in for the site's own CloudScheduler in the demo: keeps the fleet near a
 * target that drifts over time, and deletes VMs that finished or failed. `maxAgeMs`
 * backdates new VMs by up to that much, so a fleet can start already mid-life.
 */
export function stepAutopilot(cloud: SimCloud, options: AutopilotOptions, maxAgeMs = 0): void {
  const now = cloud.clock.now();
  let live = 0;
  for (const vm of cloud.listVms()) {
    if (vm.phase === "stopped" && now - vm.endsAt >= options.reapAfterMs) cloud.deleteVm(vm.id);
    else if (vm.phase === "failed" && now - vm.bootedAt >= options.reapAfterMs) cloud.deleteVm(vm.id);
    else if (vm.phase === "pending" || vm.phase === "booting" || vm.phase === "running") live += 1;
  }
  const want = Math.min(options.target(now), cloud.quota.instances);
  const flavor = cloud.flavors[0];
  const image = cloud.images[0];
  if (!flavor || !image) return;
  for (let i = live; i < want; i++) {
    try {
      cloud.createVm({
        name: `${options.namePrefix}-${Math.floor(cloud.draw() * 1e9).toString(36)}`,
        imageId: image.id,
        flavorId: flavor.id,
        metadata: { panda_queue: options.queue },
        ageMs: Math.floor(cloud.draw() * maxAgeMs),
      });
    } catch {
      return;
    }
  }
}
