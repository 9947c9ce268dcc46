import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import {
  createCloud,
  createCloudImage,
  createFlavor,
  createPollLog,
  createPollState,
  createQuota,
  createVm,
  FACTORY_CREDENTIALS,
} from "@/server/testing/factories";
import { ServiceError } from "./lib/errors";
import { getCloudDetail, RECENT_POLLS_LIMIT } from "./get-cloud-detail";

describe("getCloudDetail", () => {
  let db: Db;
  let target: { id: number };
  let other: { id: number };

  beforeEach(async () => {
    db = await openTestDb();
    target = await createCloud(db, { name: "cern-openstack", status: "down", statusReason: "Keystone timed out" });
    other = await createCloud(db, { name: "other" });
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("describes the cloud without its credentials", async () => {
    const detail = await getCloudDetail({ db, input: { id: target.id } });
    expect(detail.cloud).toMatchObject({ id: target.id, name: "cern-openstack", status: "down", statusReason: "Keystone timed out" });
    expect(detail.cloud).not.toHaveProperty("credentialsEnc");
    expect(JSON.stringify(detail)).not.toContain(FACTORY_CREDENTIALS);
  });

  it("throws NOT_FOUND for an unknown id", async () => {
    await expect(getCloudDetail({ db, input: { id: 999 } })).rejects.toMatchObject(new ServiceError("NOT_FOUND", "Cloud 999 does not exist"));
  });

  it("lists only this cloud's flavors, images, quotas and VM counts", async () => {
    await createFlavor(db, { cloudId: target.id, name: "m1.large", vcpus: 4 });
    await createFlavor(db, { cloudId: target.id, name: "m1.small", vcpus: 1 });
    await createFlavor(db, { cloudId: other.id, name: "elsewhere" });
    await createCloudImage(db, { cloudId: target.id, name: "b-image" });
    await createCloudImage(db, { cloudId: target.id, name: "a-image" });
    await createCloudImage(db, { cloudId: other.id, name: "c-image" });
    await createQuota(db, { cloudId: target.id, resource: "ram_mb", used: 1024, limit: 8192, seenAt: new Date() });
    await createVm(db, { cloudId: target.id, state: "running" });
    await createVm(db, { cloudId: target.id, state: "terminated" });
    await createVm(db, { cloudId: other.id, state: "running" });

    const detail = await getCloudDetail({ db, input: { id: target.id } });

    expect(detail.flavors.map((f) => f.name)).toEqual(["m1.small", "m1.large"]);
    expect(detail.images.map((i) => i.name)).toEqual(["a-image", "b-image"]);
    expect(detail.quotas).toEqual([expect.objectContaining({ resource: "ram_mb", used: 1024, limit: 8192 })]);
    expect(detail.counts.running).toBe(1);
    expect(detail.live).toBe(1);
  });

  it("returns the newest polls first, capped, and the recent failures and VM errors", async () => {
    const base = Date.UTC(2025, 0, 1);
    for (let i = 0; i < RECENT_POLLS_LIMIT + 5; i++) {
      await createPollLog(db, { cloudId: target.id, at: new Date(base + i * 60_000), ok: i % 10 !== 0, error: i % 10 === 0 ? `timeout #${i}` : null });
    }
    await createPollLog(db, { cloudId: other.id, at: new Date(base + 10_000_000), ok: false, error: "not ours" });
    await createPollState(db, { cloudId: target.id, resource: "vms", lastError: "timeout #100", consecutiveFailures: 3 });
    await createVm(db, { cloudId: target.id, state: "error", lastError: "No valid host was found", stateChangedAt: new Date(base) });

    const detail = await getCloudDetail({ db, input: { id: target.id } });

    expect(detail.recentPolls).toHaveLength(RECENT_POLLS_LIMIT);
    expect(detail.recentPolls[0]?.at).toEqual(new Date(base + (RECENT_POLLS_LIMIT + 4) * 60_000));
    expect(detail.recentPollErrors.map((p) => p.error).slice(0, 2)).toEqual(["timeout #100", "timeout #90"]);
    expect(detail.recentPollErrors.every((p) => !p.ok)).toBe(true);
    expect(detail.polls).toEqual([expect.objectContaining({ resource: "vms", lastError: "timeout #100", consecutiveFailures: 3 })]);
    expect(detail.recentVmErrors).toEqual([expect.objectContaining({ lastError: "No valid host was found" })]);
  });
});
