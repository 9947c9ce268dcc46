import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { image, imageVersion } from "@/db/schema";
import { decideImageTransition, type ImageVerb } from "@/server/domain/image-versions";
import { findPromotionRefusal } from "@/server/domain/promotion-gates";
import { IMAGE_CHANNELS, type ImageChannel, type ImageVersionState } from "@/server/domain/vocabulary";
import { loadSecretKey } from "../../secrets";
import { resolveDbPath } from "@/db/client";
import type { Actor } from "../lib/actor";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";
import { readImageConfig } from "./image-config";
import { issueImageLists } from "./issue-image-lists";
import { readPromotionGates } from "./read-promotion-gates";
import { drainVersionRunners } from "./version-runners";

export const endorseImageVersionInput = z.object({ versionId: z.number().int().positive(), channel: z.enum(IMAGE_CHANNELS) });
export const revokeImageVersionInput = z.object({
  versionId: z.number().int().positive(),
  reason: z.string().trim().min(3, "say why, in a few words").max(2000),
  /** Also drain the VMs still running the version, in the same request. */
  drain: z.object({ idempotencyKey: z.string().uuid("idempotencyKey must be a UUID made by the client once per request") }).optional(),
});

export interface ListSigning {
  secretKey: Buffer;
  lifetimeMs: number;
  baseUrl?: string;
}

export function readListSigning(): ListSigning {
  return { secretKey: loadSecretKey(resolveDbPath()), lifetimeMs: readImageConfig().listLifetimeMs };
}

/** Puts an approved version on a channel's list (or moves it to the other); the lists are re-signed in the same transaction. */
export async function endorseImageVersion({ db, actor, input, signing = readListSigning(), now = new Date() }: { db: Db; actor: Actor; input: z.input<typeof endorseImageVersionInput>; signing?: ListSigning; now?: Date }) {
  const { versionId, channel } = endorseImageVersionInput.parse(input);
  return changeVersion({ db, actor, versionId, verb: "endorse", signing, now }, { channel, endorsedAt: now }, (name) => `Endorsed ${name} into ${channel}`);
}

/**
 * Takes a version off every list, with a reason; the lists are re-issued at once. With
 * `drain`, the VMs still running it are drained in the same transaction: both or neither.
 */
export async function revokeImageVersion({ db, actor, input, signing = readListSigning(), now = new Date() }: { db: Db; actor: Actor; input: z.input<typeof revokeImageVersionInput>; signing?: ListSigning; now?: Date }) {
  const { versionId, reason, drain } = revokeImageVersionInput.parse(input);
  return db.transaction(async (tx) => {
    const revoked = await changeVersion({ db: tx, actor, versionId, verb: "revoke", signing, now }, { revokedByName: actor.name, revokedAt: now, revokeReason: reason }, (name) => `Revoked ${name}: ${reason}`);
    const drained = drain ? await drainVersionRunners({ db: tx, actor, input: { versionId, idempotencyKey: drain.idempotencyKey }, now }) : null;
    return { ...revoked, drain: drained };
  });
}

async function changeVersion(
  { db, actor, versionId, verb, signing, now }: { db: Db; actor: Actor; versionId: number; verb: Extract<ImageVerb, "endorse" | "revoke">; signing: ListSigning; now: Date },
  changes: Partial<typeof imageVersion.$inferInsert>,
  summarize: (name: string) => string,
) {
  return db.transaction(async (tx) => {
    const row = await tx.select({ state: imageVersion.state, channel: imageVersion.channel, version: imageVersion.version, name: image.name, external: imageVersion.endorserDn }).from(imageVersion).innerJoin(image, eq(image.id, imageVersion.imageId)).where(eq(imageVersion.id, versionId)).get();
    if (!row) throw new ServiceError("NOT_FOUND", `Image version ${versionId} does not exist`);
    if (row.external && verb === "endorse") throw new ServiceError("CONFLICT", `${row.name} ${row.version} is endorsed by ${row.external}, not by us: we do not re-publish others' images`);
    const transition = decideImageTransition(row.state, verb);
    if (!transition.ok) throw new ServiceError("CONFLICT", transition.reason);
    if (verb === "endorse" && isPromotion(row, changes.channel)) {
      const refusal = findPromotionRefusal(`${row.name} ${row.version}`, (await readPromotionGates(tx, [versionId])).get(versionId) ?? []);
      if (refusal) throw new ServiceError("CONFLICT", refusal);
    }
    await tx.update(imageVersion).set({ ...changes, state: transition.to }).where(eq(imageVersion.id, versionId)).run();
    const lists = row.external ? [] : await issueImageLists({ db: tx, ...signing, now });
    await recordAudit(tx, actor, { verb: `images.${verb}`, targetType: "image_version", targetId: versionId, summary: `${summarize(`${row.name} ${row.version}`)}${lists.length ? `; lists re-issued (${lists.map((l) => `${l.channel} v${l.version}`).join(", ")})` : ""}`, before: { state: row.state, channel: row.channel }, after: { state: transition.to, ...changes } }, now);
    return { state: transition.to, lists };
  });
}

/** Testing → production: the step production's gates guard (see promotion-gates). */
function isPromotion(row: { state: ImageVersionState; channel: ImageChannel | null }, channel: ImageChannel | null | undefined): boolean {
  return row.state === "endorsed" && row.channel === "testing" && channel === "production";
}
