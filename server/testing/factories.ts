import type { Db } from "@/db/client";
import { cloud, cloudImage, flavor, image, imageDeployment, imageVersion, pollLog, pollState, quota, sampleHour, sampleMinute, vm } from "@/db/schema";

let sequence = 0;
function nextSeq(): number {
  sequence += 1;
  return sequence;
}

export const FACTORY_CREDENTIALS = "sealed:do-not-leak";

/** Credentials an OpenStack cloud's spec accepts, for tests that configure one through upsertCloud. */
export const OPENSTACK_TEST_CREDENTIALS = { username: "u", password: "p", userDomain: "Default", project: "atlas", projectDomain: "Default" };

export function createCloud(db: Db, overrides: Partial<typeof cloud.$inferInsert> = {}) {
  const n = nextSeq();
  return db
    .insert(cloud)
    .values({
      name: `cloud-${n}`,
      kind: "openstack",
      endpoint: `http://127.0.0.1:${20_000 + n}/v3`,
      region: "RegionOne",
      credentialsEnc: FACTORY_CREDENTIALS,
      status: "up",
      statusSince: new Date("2025-01-01T00:00:00Z"),
      createdAt: new Date("2025-01-01T00:00:00Z"),
      ...overrides,
    })
    .returning()
    .get();
}

type VmOverrides = Partial<typeof vm.$inferInsert> & { cloudId: number };

function buildVm(overrides: VmOverrides): typeof vm.$inferInsert {
  const n = nextSeq();
  const at = new Date("2025-01-01T00:00:00Z");
  return {
    providerId: `provider-${n}`,
    name: `vm-${String(n).padStart(6, "0")}`,
    state: "running",
    rawState: "ACTIVE",
    createdAt: at,
    lastSeenAt: at,
    stateChangedAt: at,
    ...overrides,
  };
}

export function createVm(db: Db, overrides: VmOverrides) {
  return db.insert(vm).values(buildVm(overrides)).returning().get();
}

/** Many VMs in one transaction; `each(i)` customizes the i-th. */
export async function createVms(db: Db, count: number, each: (i: number) => VmOverrides): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) await tx.insert(vm).values(buildVm(each(i))).run();
  });
}

export function createFlavor(db: Db, overrides: Partial<typeof flavor.$inferInsert> & { cloudId: number }) {
  const n = nextSeq();
  return db
    .insert(flavor)
    .values({ providerId: `flavor-${n}`, name: `m1.f${n}`, vcpus: 2, ramMb: 4096, diskGb: 20, seenAt: new Date(), ...overrides })
    .returning()
    .get();
}

export function createCloudImage(db: Db, overrides: Partial<typeof cloudImage.$inferInsert> & { cloudId: number }) {
  const n = nextSeq();
  return db
    .insert(cloudImage)
    .values({ providerId: `image-${n}`, name: `atlas-worker-${n}`, status: "active", seenAt: new Date(), ...overrides })
    .returning()
    .get();
}

export function createQuota(db: Db, values: typeof quota.$inferInsert) {
  return db.insert(quota).values(values).returning().get();
}

export function createPollState(db: Db, overrides: Partial<typeof pollState.$inferInsert> & { cloudId: number }) {
  return db
    .insert(pollState)
    .values({ resource: "vms", nextDueAt: new Date(), ...overrides })
    .returning()
    .get();
}

export function createPollLog(db: Db, overrides: Partial<typeof pollLog.$inferInsert> & { cloudId: number; at: Date }) {
  return db
    .insert(pollLog)
    .values({ resource: "vms", ok: true, latencyMs: 100, ...overrides })
    .returning()
    .get();
}

type SampleRow = Partial<typeof sampleMinute.$inferInsert> & { cloudId: number; ts: number };

export function createMinuteSample(db: Db, values: SampleRow) {
  return db.insert(sampleMinute).values(values).returning().get();
}

export function createHourSample(db: Db, values: SampleRow) {
  return db.insert(sampleHour).values(values).returning().get();
}

/** A catalogue version (of a new image unless `imageId` is given), endorsed into production unless overridden. */
export async function createImageVersion(db: Db, overrides: Partial<typeof imageVersion.$inferInsert> = {}) {
  const n = nextSeq();
  const imageId = overrides.imageId ?? (await db.insert(image).values({ name: `image-${n}`, createdAt: new Date(0) }).returning({ id: image.id }).get()).id;
  return db
    .insert(imageVersion)
    .values({
      imageId,
      version: `1.${n}`,
      identifier: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      state: "endorsed",
      channel: "production",
      os: "AlmaLinux",
      osVersion: "9",
      arch: "x86_64",
      hypervisor: "KVM",
      diskFormat: "qcow2",
      sizeBytes: 1024,
      sha512: n.toString(16).padStart(128, "a"),
      contextMethod: "cloud-init",
      submittedByName: "packager",
      submittedAt: new Date(0),
      ...overrides,
    })
    .returning()
    .get();
}

/** A copy of a version on a cloud, present unless overridden. */
export function createImageDeployment(db: Db, values: Partial<typeof imageDeployment.$inferInsert> & { versionId: number; cloudId: number; providerImageId: string }) {
  return db.insert(imageDeployment).values({ status: "present", updatedAt: new Date(0), ...values }).run();
}
