import { ManualClock } from "../sim/core/clock";
import { SimCloud, type SimCloudOptions } from "../sim/core/sim-cloud";

export const QUICK_IMAGE_NAME = "cernvm-atlas";

/**
 * A small seeded cloud on a manual clock whose VMs boot within seconds and never fail or
 * finish on their own: what a test driving a real client wants (it advances the clock).
 */
export function createQuickCloud(options: Pick<SimCloudOptions, "name" | "seed"> & { imageId: string } & Partial<SimCloudOptions>): { cloud: SimCloud; clock: ManualClock } {
  const clock = new ManualClock();
  const { imageId, ...rest } = options;
  const cloud = new SimCloud({
    clock,
    images: [{ id: imageId, name: QUICK_IMAGE_NAME, os: "CernVM 3", sizeBytes: 1024 ** 3, sha512: "e".repeat(128) }],
    flavors: [
      { id: "m1.small", name: "m1.small", vcpus: 1, ramMb: 2048, diskGb: 20 },
      { id: "m1.large", name: "m1.large", vcpus: 4, ramMb: 8192, diskGb: 80 },
    ],
    quota: { instances: 10, cores: 40, ramMb: 81_920 },
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [2_000, 2_000],
    bootFailureRate: 0,
    jobMs: [3_600_000, 3_600_000],
    ...rest,
  });
  return { cloud, clock };
}
