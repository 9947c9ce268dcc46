import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, auditLog, image, imageVersion } from "@/db/schema";
import type { SimEndpoint } from "../sim/core/endpoint";
import type { SimCloud } from "../sim/core/sim-cloud";
import { startOpenStackSim } from "../sim/openstack/server";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import { CloudApiError } from "../clouds/errors";
import { createDriver } from "../clouds/driver-registry";
import { listDeployments } from "../services/images/list-deployments";
import { publishImageVersion } from "../services/images/publish-image-version";
import { upsertCloud } from "../services/upsert-cloud";
import { testActor } from "../testing/actors";
import { createQuickCloud } from "../testing/quick-cloud";
import { executeNextAction, type ExecutorDeps } from "./executor";

const admin = testActor("admin");
const key = randomBytes(32);
const BYTES = Buffer.from("a catalogue image ".repeat(10_000));
const SHA512 = createHash("sha512").update(BYTES).digest("hex");

let db: Db;
let dir: string;
let deps: ExecutorDeps;
let clock = 0;
const sims: { cloud: SimCloud; endpoint: SimEndpoint; id: number }[] = [];

async function addCloud(name: string) {
  const { cloud } = createQuickCloud({ name, seed: sims.length + 1, imageId: `base-${name}` });
  const endpoint = await startOpenStackSim(cloud);
  const id = await upsertCloud({ db, key, input: { name, kind: "openstack", endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 2_000 } });
  sims.push({ cloud, endpoint, id });
  return sims.at(-1)!;
}

async function addVersion(state: "approved" | "submitted" = "approved") {
  await writeFile(path.join(dir, "wn-2.3.1.qcow2"), BYTES);
  const { id: imageId } = await db.insert(image).values({ name: "atlas-wn", createdAt: new Date(0) }).returning({ id: image.id }).get();
  const { id } = await db
    .insert(imageVersion)
    .values({
      imageId,
      version: "2.3.1",
      identifier: randomUUID(),
      state,
      os: "AlmaLinux",
      osVersion: "9",
      arch: "x86_64",
      hypervisor: "KVM",
      diskFormat: "qcow2",
      sizeBytes: BYTES.length,
      sha512: SHA512,
      contextMethod: "cloud-init",
      fileName: "wn-2.3.1.qcow2",
      submittedByName: "packager",
      submittedAt: new Date(0),
    })
    .returning({ id: imageVersion.id })
    .get();
  return { imageId, versionId: id };
}

const publish = (versionId: number, cloudIds: number[], idempotencyKey = randomUUID()) => publishImageVersion({ db, actor: admin, input: { versionId, cloudIds, idempotencyKey }, now: new Date(clock) });
const copiesOf = (sim: SimCloud) => sim.images.filter((i) => i.properties?.cloudscope_version_id !== undefined);
const cellsOf = async (imageId: number) => (await listDeployments({ db, input: { imageId } })).cells.sort((a, b) => a.cloudId - b.cloudId);

beforeEach(async () => {
  db = await openTestDb();
  dir = await mkdtemp(path.join(tmpdir(), "publish-"));
  clock = Date.UTC(2026, 11, 3, 12);
  deps = { db, key, now: () => new Date(clock), workerId: "publish-test", leaseMs: 30_000, createDriver, concurrency: 2, imageDir: dir };
});

afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.endpoint.close()));
  await closeDb(db);
  await rm(dir, { recursive: true, force: true });
});

describe("publishing a catalogue version through the executor", () => {
  it("puts the version on each cloud, verifies Glance's sha512, and flags a modified copy naming both hashes while the other cloud carries on", async () => {
    const good = await addCloud("CERN");
    const bad = await addCloud("IAAS");
    bad.cloud.setFaults({ imageUpload: "corrupt" });
    const { imageId, versionId } = await addVersion();

    const { actionId } = await publish(versionId, [good.id, bad.id]);
    expect((await cellsOf(imageId)).map((c) => [c.status, c.detail])).toEqual([
      ["publishing", "queued"],
      ["publishing", "queued"],
    ]);
    expect(await executeNextAction(deps)).toEqual({ actionId, result: "finished", status: "failed" });

    const [present, modified] = await cellsOf(imageId);
    expect(present).toMatchObject({ status: "present", detail: null, providerImageId: copiesOf(good.cloud)[0]!.id, checksumSeen: `sha512:${SHA512}`, verifiedAt: new Date(clock) });
    const altered = copiesOf(bad.cloud)[0]!.sha512;
    expect(modified).toMatchObject({ status: "modified", verifiedAt: null, checksumSeen: `sha512:${altered}` });
    expect(modified!.detail).toContain(altered);
    expect(modified!.detail).toContain(SHA512);
    expect(await db.select().from(action).where(eq(action.id, actionId)).get()).toMatchObject({ kind: "publish", succeeded: 1, failed: 1, error: expect.stringContaining("Checksum mismatch") });
    expect(await db.select({ summary: auditLog.summary }).from(auditLog).where(eq(auditLog.verb, "images.publish")).all()).toEqual([{ summary: `Publish atlas-wn 2.3.1 to CERN, IAAS (action #${actionId})` }]);
  });

  it("resumes after losing the cloud's answer without a second image, and shows a refused upload in the provider's words", async () => {
    const flaky = await addCloud("CERN");
    const full = await addCloud("IAAS");
    full.cloud.setFaults({ imageUpload: "over_quota" });
    const { imageId, versionId } = await addVersion();
    const { actionId } = await publish(versionId, [flaky.id, full.id]);

    // The upload completes at the cloud, but its answer never reaches the worker.
    const losingAnswers = (config: DriverConfig): CloudDriver => {
      const driver = createDriver(config);
      return {
        ...driver,
        publishImage: async (request, signal) => {
          await driver.publishImage!(request, signal);
          throw new CloudApiError("timeout", "No answer within 2000 ms");
        },
      };
    };
    const first = await executeNextAction({ ...deps, createDriver: losingAnswers });
    expect(first).toMatchObject({ actionId, result: "deferred" });
    const [waiting] = await cellsOf(imageId);
    expect(waiting).toMatchObject({ status: "publishing", detail: "waiting to retry (attempt 2): No answer within 2000 ms" });

    clock += 60_000;
    expect(await executeNextAction(deps)).toMatchObject({ actionId, result: "finished" });
    expect(copiesOf(flaky.cloud)).toHaveLength(1);
    const [present, failed] = await cellsOf(imageId);
    expect(present).toMatchObject({ status: "present", providerImageId: copiesOf(flaky.cloud)[0]!.id });
    expect(failed).toMatchObject({ status: "failed", detail: expect.stringContaining("exceeds the quota") });
  });

  it("refuses, before queueing anything, a version not yet approved; the same key twice is one action", async () => {
    const c = await addCloud("CERN");
    const draft = await addVersion("submitted");
    await expect(publish(draft.versionId, [c.id])).rejects.toThrow("atlas-wn 2.3.1 is submitted: only approved or endorsed versions are published");
    await db.update(imageVersion).set({ state: "approved" }).where(eq(imageVersion.id, draft.versionId)).run();
    const keyOnce = randomUUID();
    const first = await publish(draft.versionId, [c.id], keyOnce);
    expect(await publish(draft.versionId, [c.id], keyOnce)).toEqual({ actionId: first.actionId, existing: true });
  });
});
