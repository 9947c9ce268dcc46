import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { image, imageDeployment } from "@/db/schema";
import type { Actor } from "../lib/actor";
import { recordAudit } from "../record-audit";
import { decideImageVersion } from "./decide-image-version";
import { endorseImageVersion, readListSigning, type ListSigning } from "./endorse-image-version";
import { readImageConfig, type ImageConfig } from "./image-config";
import { submitImageUpload } from "./submit-image-version";

/** A small real image (an ext4 file system) shipped with the console, so the demo works offline. */
export const DEMO_IMAGE_FILE = path.join(process.cwd(), "public", "demo-images", "cernvm-4-demo.raw");

const DEMO_SUBMITTER: Actor = { id: "system:demo-builder", name: "demo image builder", role: "operator", ip: null };
const DEMO_APPROVER: Actor = { id: "system:demo-approver", name: "demo release manager", role: "admin", ip: null };

/**
 * On the embedded default, a catalogue that is empty gets a CernVM-style version, submitted,
 * approved and endorsed into production through the same services (and audit trail) as any
 * other, so the served list is never empty. The demo clouds' golden image is this version, so
 * its copies there (`copies`) are recorded as present and the demo's VMs count as approved.
 * Returns its id, or null when the catalogue already had images.
 */
export async function ensureDemoImages({
  db,
  config = readImageConfig(),
  signing = readListSigning(),
  file = DEMO_IMAGE_FILE,
  copies = [],
}: {
  db: Db;
  config?: ImageConfig;
  signing?: ListSigning;
  file?: string;
  copies?: readonly DemoImageCopy[];
}): Promise<number | null> {
  if (await db.select({ id: image.id }).from(image).limit(1).get()) return null;
  const submitted = await submitImageUpload({
    db,
    actor: DEMO_SUBMITTER,
    metadata: {
      imageName: "cernvm4",
      description: "CernVM 4 style image (demo): the experiment's standard worker node",
      version: "4.0.1",
      os: "Linux",
      osVersion: "CernVM 4",
      arch: "x86_64",
      hypervisor: "kvm",
      diskFormat: "raw",
      contextMethod: "cloud-init",
      minCores: 1,
      minRamMb: 2048,
      releaseNotes: "Demo image shipped with cloudscope.",
    },
    body: fs.createReadStream(file),
    config,
  });
  await decideImageVersion({ db, actor: DEMO_APPROVER, input: { versionId: submitted.versionId, decision: "approve", reason: "demo catalogue: released image" } });
  await endorseImageVersion({ db, actor: DEMO_APPROVER, input: { versionId: submitted.versionId, channel: "production" }, signing });
  await recordDemoCopies(db, submitted.versionId, copies);
  return submitted.versionId;
}

/** A demo cloud's golden image: the provider's id of the copy the cloud already holds. */
export interface DemoImageCopy {
  cloudId: number;
  cloudName: string;
  providerImageId: string;
}

/** Present but not verified by a publish of ours: the classifier still checks what the cloud reports. */
async function recordDemoCopies(db: Db, versionId: number, copies: readonly DemoImageCopy[], now = new Date()): Promise<void> {
  if (copies.length === 0) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(imageDeployment)
      .values(copies.map((c) => ({ versionId, cloudId: c.cloudId, status: "present" as const, providerImageId: c.providerImageId, message: "The demo cloud's golden image", updatedAt: now })))
      .run();
    await recordAudit(
      tx,
      DEMO_APPROVER,
      { verb: "images.record_copies", targetType: "image_version", targetId: versionId, summary: `cernvm4 4.0.1 recorded as present on ${copies.map((c) => c.cloudName).join(", ")} (the demo clouds' golden image)`, after: { copies } },
      now,
    );
  });
}
