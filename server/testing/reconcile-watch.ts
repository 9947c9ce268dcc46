import type { CloudDriver } from "../clouds/driver";
import { planReconcile, type KnownVm } from "../domain/reconcile";
import type { Clock } from "../sim/core/clock";
import type { SimEndpoint } from "../sim/core/endpoint";
import { createDriverForSim } from "./sim-driver";

/**
 * What cloudscope would know of one cloud's VMs, kept in memory: each poll lists through the
 * driver and applies the reconcile plan, as the collector does; a failed poll changes nothing.
 */
export function watchCloud(driver: CloudDriver, now: () => number): { known: KnownVm[]; poll(): Promise<void>; find(providerId: string): KnownVm | undefined } {
  const known: KnownVm[] = [];
  let nextId = 1;
  return {
    known,
    find: (providerId) => known.find((k) => k.providerId === providerId),
    async poll() {
      let seen;
      try {
        seen = await driver.listVms();
      } catch {
        return;
      }
      const plan = planReconcile(known, seen, new Date(now()));
      for (const patch of plan.patches) {
        const row = known.find((k) => k.id === patch.id);
        if (row) Object.assign(row, { state: patch.state, rawState: patch.rawState, name: patch.name, queue: patch.queue, terminatedAt: patch.terminatedAt, lastError: patch.lastError });
      }
      for (const insert of plan.inserts) known.push({ ...insert, id: nextId++, requestedAt: null, drainRequestedAt: null, destroyRequestedAt: null });
    },
  };
}

/** cloudscope's view of a running sim, through the real driver, on the sim's clock. */
export function watchSim(endpoint: SimEndpoint, clock: Clock): ReturnType<typeof watchCloud> {
  const now = () => clock.now();
  return watchCloud(createDriverForSim(endpoint, now), now);
}
