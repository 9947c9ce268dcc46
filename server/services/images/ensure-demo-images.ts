import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { image } from "@/db/schema";
import type { Actor } from "../lib/actor";
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
 * other, so the served list is never empty. Returns its id, or
 * null when the catalogue already had images.
 */
export async function ensureDemoImages({ db, config = readImageConfig(), signing = readListSigning(), file = DEMO_IMAGE_FILE }: { db: Db; config?: ImageConfig; signing?: ListSigning; file?: string }): Promise<number | null> {
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
  return submitted.versionId;
}
