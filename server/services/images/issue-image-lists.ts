import crypto from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { image, imageList, imageVersion } from "@/db/schema";
import { buildImageList, isListDueForRenewal } from "@/server/domain/image-list";
import { IMAGE_CHANNELS, type ImageChannel } from "@/server/domain/vocabulary";
import { readEnv } from "@/server/config/env";
import { signSmime } from "@/server/images/smime";
import { ServiceError } from "../lib/errors";
import { loadSigningMaterial } from "./endorser";

/** A production version is also on the testing list: testing subscribers see everything endorsed. */
const CHANNELS_ON: Record<ImageChannel, ImageChannel[]> = { production: ["production"], testing: ["testing", "production"] };

export interface IssueContext {
  db: Db;
  secretKey: Buffer;
  /** How long a list stays valid. */
  lifetimeMs: number;
  /** The console's public address: lists name their own and their images' URLs under it. */
  baseUrl?: string;
  now?: Date;
}

export function readPublicBaseUrl(): string {
  const env = readEnv();
  return (env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/**
 * Rebuilds and signs the lists of `channels` from the database (hv:version one higher each
 * time) and stores the signed bytes, so every web process and restart serves the same
 * signature. Call it inside the transaction of the change that made the lists stale.
 */
export async function issueImageLists({ db, secretKey, lifetimeMs, baseUrl = readPublicBaseUrl(), now = new Date() }: IssueContext, channels: readonly ImageChannel[] = IMAGE_CHANNELS): Promise<{ channel: ImageChannel; version: number; images: number }[]> {
  const material = await loadSigningMaterial(db, secretKey);
  if (!material) throw new ServiceError("CONFLICT", "No endorser is installed: install the endorser's certificate and key first");
  const issued: { channel: ImageChannel; version: number; images: number }[] = [];
  for (const channel of channels) {
    const previous = await db.select({ version: imageList.version, identifier: imageList.identifier }).from(imageList).where(eq(imageList.channel, channel)).get();
    const versions = await db
      .select({ identifier: imageVersion.identifier, imageName: image.name, description: image.description, version: imageVersion.version, sourceUri: imageVersion.sourceUri, sizeBytes: imageVersion.sizeBytes, sha512: imageVersion.sha512, arch: imageVersion.arch, os: imageVersion.os, osVersion: imageVersion.osVersion, hypervisor: imageVersion.hypervisor, diskFormat: imageVersion.diskFormat, releaseNotes: imageVersion.releaseNotes, minCores: imageVersion.minCores, minRamMb: imageVersion.minRamMb })
      .from(imageVersion)
      .innerJoin(image, eq(image.id, imageVersion.imageId))
      .where(and(eq(imageVersion.state, "endorsed"), inArray(imageVersion.channel, CHANNELS_ON[channel])))
      .orderBy(asc(image.name), asc(imageVersion.id))
      .all();
    const version = (previous?.version ?? 0) + 1;
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    const list = buildImageList({
      header: { identifier: previous?.identifier ?? crypto.randomUUID(), title: `cloudscope ${channel} images`, description: `Images endorsed for ${channel} by ${material.subjectDn}`, source: new URL(baseUrl).host, uri: `${baseUrl}/api/image-lists/${channel}`, version, createdAt: now, expiresAt },
      endorser: { dn: material.subjectDn, ca: material.issuerDn, email: material.email, creator: material.subjectDn.match(/\/CN=([^/]+)/)?.[1] ?? material.subjectDn },
      versions: versions.map((v) => ({ ...v, uri: v.sourceUri ?? `${baseUrl}/api/image-files/${v.identifier}` })),
    });
    const body = await signSmime({ content: JSON.stringify(list, null, 2), certPem: material.certPem, keyPem: material.keyPem, now });
    const etag = `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const values = { version, identifier: list["hv:imagelist"]["dc:identifier"], body, etag, issuedAt: now, expiresAt, imageCount: versions.length };
    if (previous) await db.update(imageList).set(values).where(eq(imageList.channel, channel)).run();
    else await db.insert(imageList).values({ channel, ...values }).run();
    issued.push({ channel, version, images: versions.length });
  }
  return issued;
}

/** The worker's pass: re-signs every list past half its lifetime. */
export async function renewImageLists(context: IssueContext): Promise<ImageChannel[]> {
  const now = context.now ?? new Date();
  const lists = await context.db.select({ channel: imageList.channel, issuedAt: imageList.issuedAt, expiresAt: imageList.expiresAt }).from(imageList).all();
  const due = lists.filter((l) => isListDueForRenewal({ ...l, now })).map((l) => l.channel);
  if (due.length > 0) await context.db.transaction(() => issueImageLists({ ...context, now }, due));
  return due;
}

/** The stored signed list of a channel (for GET /api/image-lists/<channel>). */
export async function getServedImageList(db: Db, channel: ImageChannel) {
  return db.select({ body: imageList.body, etag: imageList.etag, expiresAt: imageList.expiresAt }).from(imageList).where(eq(imageList.channel, channel)).get();
}

/** Only the ETag: a subscriber polling an unchanged list costs one small read. */
export async function getServedImageListEtag(db: Db, channel: ImageChannel): Promise<string | null> {
  return (await db.select({ etag: imageList.etag }).from(imageList).where(eq(imageList.channel, channel)).get())?.etag ?? null;
}

/** The lists' standing, for the overview's warning and the catalogue page. */
export async function listImageListStatus({ db, now = new Date() }: { db: Db; now?: Date }) {
  const lists = await db.select({ channel: imageList.channel, version: imageList.version, issuedAt: imageList.issuedAt, expiresAt: imageList.expiresAt, imageCount: imageList.imageCount }).from(imageList).orderBy(asc(imageList.channel)).all();
  const soonMs = 3 * 86_400_000;
  return lists.map((l) => ({ ...l, expired: l.expiresAt <= now, expiringSoon: l.expiresAt > now && l.expiresAt.getTime() - now.getTime() < soonMs }));
}
