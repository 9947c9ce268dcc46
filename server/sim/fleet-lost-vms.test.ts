import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchSim } from "../testing/reconcile-watch";
import { ManualClock } from "./core/clock";
import { startDemoFleet, type DemoFleet, type RunningDemoCloud } from "./fleet";

/**
 * The demo fleet over simulated time, polled as the demo polls it (every 5 s) through the real
 * drivers and reconciled: VMs that finish on their own end as terminated, never as lost.
 */

const POLL_MS = 5_000;

interface Watched {
  cloud: RunningDemoCloud;
  watch: ReturnType<typeof watchSim>;
}

describe("demo fleet VMs over simulated time", () => {
  const clock = new ManualClock();
  let fleet: DemoFleet;
  let watched: Watched[];

  beforeAll(async () => {
    fleet = await startDemoFleet({ clock, autopilotMs: null, seed: 20130601 });
    watched = fleet.clouds.map((cloud) => ({ cloud, watch: watchSim(cloud.endpoint, clock) }));
  });
  afterAll(async () => fleet?.close());

  async function run(minutes: number): Promise<void> {
    for (let t = 0; t < minutes * 60_000; t += POLL_MS) {
      clock.advance(POLL_MS);
      fleet.step();
      for (const w of watched) await w.watch.poll();
    }
  }

  const count = (w: Watched, state: string) => w.watch.known.filter((k) => k.state === state).length;

  it("sees finished VMs of every healthy demo cloud as terminated, none as lost, for 25 minutes", async () => {
    await run(25);
    for (const w of watched) {
      expect({ cloud: w.cloud.spec.name, lost: count(w, "lost") }).toEqual({ cloud: w.cloud.spec.name, lost: 0 });
    }
    const lal = watched.find((w) => w.cloud.spec.kind === "opennebula");
    expect(count(lal!, "terminated")).toBeGreaterThan(10);
  }, 120_000);

  it("after an outage of each cloud, marks none of the VMs the cloud still has or reports ended as lost", async () => {
    for (const w of watched) w.cloud.sim.setFaults({ errorRate: 1 });
    await run(3);
    for (const w of watched) w.cloud.sim.setFaults({ errorRate: 0 });
    await run(0.5);
    for (const w of watched) {
      const existing = new Set(w.cloud.sim.listVms().filter((vm) => vm.phase !== "deleted").map((vm) => w.cloud.spec.kind === "opennebula" ? String(vm.seq) : vm.id));
      const lostButThere = w.watch.known.filter((k) => k.state === "lost" && existing.has(k.providerId)).map((k) => k.providerId);
      expect({ cloud: w.cloud.spec.name, lostButThere }).toEqual({ cloud: w.cloud.spec.name, lostButThere: [] });
      // Where the provider still reports ended VMs, nothing at all is lost; CloudSigma forgets deleted servers.
      if (w.cloud.spec.kind !== "cloudsigma") expect({ cloud: w.cloud.spec.name, lost: count(w, "lost") }).toEqual({ cloud: w.cloud.spec.name, lost: 0 });
    }
  }, 120_000);
});
