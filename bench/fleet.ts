import type { Db } from "@/db/client";
import { ManualClock } from "@/server/sim/core/clock";
import type { SimCloud } from "@/server/sim/core/sim-cloud";
import { buildDemoSpecs, goldenImageIdFor, startDemoFleet, type DemoCloudSpec, type DemoFleet } from "@/server/sim/fleet";
import { ensureDemoEndorser } from "@/server/services/images/ensure-demo-endorser";
import { ensureDemoImages } from "@/server/services/images/ensure-demo-images";
import { readImageConfig } from "@/server/services/images/image-config";
import { upsertCloud } from "@/server/services/upsert-cloud";

export const CLOUD_COUNT = 50;
export const VMS_PER_CLOUD = 400;
/** 10 deleted + 10 created per cloud: 5% of the fleet changes between polls. */
export const CHURN_PER_CLOUD = 10;

/**
 * Ages inside every VM's running window: past the longest schedule + boot delay (43 s)
 * and before the shortest life (10.5 s + 2 jobs of 60 s). The clock never moves, so
 * only the churn changes what the providers report.
 */
const RUNNING_AGE_MS: readonly [number, number] = [50_000, 125_000];

const UNLIMITED = { instances: 100_000, cores: 10_000_000, ramMb: 1_000_000_000 };

export interface BenchFleet {
  fleet: DemoFleet;
  clock: ManualClock;
  cloudIds: number[];
}

/**
 * 50 loopback clouds cycling the demo kinds, each holding 400 mostly-running VMs, registered in `db`;
 * like the demo, they run the catalogue's production golden image (a fleet on unknown images is an incident, not the norm).
 */
export async function startBenchFleet({ db, key }: { db: Db; key: Buffer }): Promise<BenchFleet> {
  const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000);
  const specs: DemoCloudSpec[] = buildDemoSpecs(CLOUD_COUNT).map((spec) => ({ ...spec, quota: UNLIMITED }));
  const fleet = await startDemoFleet({ clock, autopilotMs: null, prefill: false, specs, seed: 42 });
  const cloudIds: number[] = [];
  for (const [c, { spec, sim, endpoint }] of fleet.clouds.entries()) {
    for (let i = 0; i < VMS_PER_CLOUD; i++) createRunningVm(sim, spec, c, i);
    cloudIds.push(
      await upsertCloud({
        db,
        key,
        input: { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 10_000 },
      }),
    );
  }
  await ensureDemoEndorser({ db, secretKey: key });
  await ensureDemoImages({
    db,
    signing: { secretKey: key, lifetimeMs: readImageConfig().listLifetimeMs },
    copies: fleet.clouds.map(({ spec }, i) => ({ cloudId: cloudIds[i]!, cloudName: spec.name, providerImageId: goldenImageIdFor(spec.kind) })),
  });
  return { fleet, clock, cloudIds };
}

/** Deletes the oldest `CHURN_PER_CLOUD` VMs of every cloud and launches as many new ones. */
export function churnFleet(fleet: DemoFleet, round: number): void {
  for (const [c, { spec, sim }] of fleet.clouds.entries()) {
    const live = sim.listVms().filter((v) => v.phase !== "deleted");
    for (const vm of live.slice(0, CHURN_PER_CLOUD)) sim.deleteVm(vm.id);
    for (let i = 0; i < CHURN_PER_CLOUD; i++) createRunningVm(sim, spec, c, (round + 1) * VMS_PER_CLOUD + i);
  }
}

function createRunningVm(sim: SimCloud, spec: DemoCloudSpec, cloudIndex: number, n: number): void {
  const [minAge, maxAge] = RUNNING_AGE_MS;
  sim.createVm({
    name: `${spec.queue.toLowerCase().replace(/_/g, "-")}-c${cloudIndex}-${n.toString(36).padStart(4, "0")}`,
    imageId: sim.images[0]!.id,
    flavorId: sim.flavors[0]!.id,
    metadata: { panda_queue: spec.queue },
    ageMs: minAge + ((n * 7919) % (maxAge - minAge)),
  });
}
