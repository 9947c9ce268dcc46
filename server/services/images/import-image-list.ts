import { and, eq, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { image, importedList, imageVersion, trustedEndorser } from "@/db/schema";
import { checkListTrust, parseImageList, type ParsedImageList } from "@/server/domain/image-list";
import { decideImageTransition } from "@/server/domain/image-versions";
import { SmimeError, splitSmime, verifySmime } from "@/server/images/smime";
import { parseCertificateBundle } from "@/server/images/x509";
import type { Actor } from "../lib/actor";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";

/** A list of a few thousand images is a few MB; anything longer is refused before it is read. */
export const MAX_LIST_BYTES = 8 * 1024 * 1024;

export const importImageListInput = z.union([z.object({ text: z.string().min(1, "paste a list") }), z.object({ url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }) })]);
export type ImportImageListInput = z.input<typeof importImageListInput>;

const VMCATCHER_CODES: Record<SmimeError["reason"], string> = { "not-smime": "Validation failed (11)", "bad-signature": "Validation failed (11)", untrusted: "Trust anchor missing (14)", "expired-signer": "Validation failed (11)" };

function refuse(message: string): never {
  throw new ServiceError("BAD_REQUEST", message);
}

/**
 * Imports another endorser's signed HEPiX list: strict parsing, then signature, chain and
 * validity against the trusted endorsers' CAs, signer = hv:dn, issuer = hv:ca, not expired,
 * hv:version not lower than last time. Any failure is refused with the reason and nothing is
 * written; an accepted list's images become external versions marked with their endorser.
 */
export async function importImageList({ db, actor, input, fetchImpl = fetch, now = new Date() }: { db: Db; actor: Actor; input: ImportImageListInput; fetchImpl?: typeof fetch; now?: Date }) {
  const parsedInput = importImageListInput.parse(input);
  const message = "text" in parsedInput ? parsedInput.text : await downloadList(parsedInput.url, fetchImpl);
  if (message.length > MAX_LIST_BYTES) refuse(`The list is ${message.length} bytes, over the limit of ${MAX_LIST_BYTES}`);
  const signed = /^content-type:\s*multipart\/signed/im.test(message.slice(0, 4096));
  const content = signed ? smimeContent(message) : message;
  const parsed = parseImageList(content);
  if (!parsed.ok) refuse(`The list is malformed: ${parsed.problems.join("; ")}`);
  if (!signed) refuse("The list is not signed: only lists signed by a trusted endorser are imported (S/MIME, detached PKCS#7)");
  const list = parsed.list;

  const endorsers = await db.select().from(trustedEndorser).all();
  const dn = list["hv:endorser"]["hv:x509"]["hv:dn"];
  const candidates = endorsers.filter((e) => e.allowedDn === dn);
  if (candidates.length === 0) refuse(`Endorser not authorised (13): no trusted endorser allows ${dn}`);
  let signer;
  try {
    signer = (await verifySmime({ message, trustedCaPems: candidates.flatMap((e) => parseCertificateBundle(e.caPem).map((c) => c.toString("pem"))), now })).signer;
  } catch (error) {
    if (error instanceof SmimeError) refuse(`${VMCATCHER_CODES[error.reason]}: ${error.message}`);
    throw error;
  }
  const identifier = list["dc:identifier"];
  const last = await db.select({ version: importedList.version }).from(importedList).where(eq(importedList.identifier, identifier)).get();
  const distrust = checkListTrust({ list, signer, endorsers: candidates, lastVersion: last?.version ?? null, now });
  if (distrust) refuse(distrust);

  return db.transaction(async (tx) => {
    const again = await tx.select({ version: importedList.version }).from(importedList).where(eq(importedList.identifier, identifier)).get();
    const raced = checkListTrust({ list, signer, endorsers: candidates, lastVersion: again?.version ?? null, now });
    if (raced) refuse(raced);
    const counts = await writeExternalVersions(tx, list, signer.subjectDn, actor, now);
    const values = { title: list["dc:title"], version: list["hv:version"], endorserDn: signer.subjectDn, expiresAt: new Date(list["dc:date:expires"]), importedByName: actor.name, importedAt: now };
    if (again) await tx.update(importedList).set(values).where(eq(importedList.identifier, identifier)).run();
    else await tx.insert(importedList).values({ identifier, ...values }).run();
    await recordAudit(tx, actor, { verb: "images.import", targetType: "image_list", targetId: identifier, summary: `Imported "${list["dc:title"]}" v${list["hv:version"]} signed by ${signer.subjectDn}: ${counts.added} new, ${counts.updated} updated, ${counts.dropped} no longer listed`, after: { identifier, version: list["hv:version"], endorser: signer.subjectDn, images: list["hv:images"].length } }, now);
    return { identifier, title: list["dc:title"], version: list["hv:version"], endorserDn: signer.subjectDn, ...counts };
  });
}

async function downloadList(url: string, fetchImpl: typeof fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    refuse(`Download failed (10): ${url}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) refuse(`Download failed (10): ${url} answered HTTP ${response.status}`);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > MAX_LIST_BYTES) {
      await reader.cancel();
      refuse(`The list at ${url} is over the limit of ${MAX_LIST_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function smimeContent(message: string): string {
  try {
    return splitSmime(message).content;
  } catch (error) {
    if (error instanceof SmimeError) refuse(`${VMCATCHER_CODES[error.reason]}: ${error.message}`);
    throw error;
  }
}

async function writeExternalVersions(tx: Db, list: ParsedImageList, endorserDn: string, actor: Actor, now: Date) {
  const listId = list["dc:identifier"];
  const listExpires = new Date(list["dc:date:expires"]);
  let added = 0;
  let updated = 0;
  for (const { "hv:image": item } of list["hv:images"]) {
    const expiresAt = item["dc:date:expires"] ? new Date(item["dc:date:expires"]) : listExpires;
    const existing = await tx.select({ id: imageVersion.id, sourceListId: imageVersion.sourceListId }).from(imageVersion).where(eq(imageVersion.identifier, item["dc:identifier"])).get();
    if (existing && existing.sourceListId !== listId) refuse(`Image definition failed (39): ${item["dc:identifier"]} is already in the catalogue from elsewhere`);
    if (existing) {
      await tx.update(imageVersion).set({ state: "endorsed", expiresAt, endorserDn, sizeBytes: item["hv:size"], sha512: item["sl:checksum:sha512"].toLowerCase() }).where(eq(imageVersion.id, existing.id)).run();
      updated += 1;
      continue;
    }
    const imageId = await findOrCreateExternalImage(tx, item["dc:title"], item["dc:description"], endorserDn, now);
    await tx
      .insert(imageVersion)
      .values({
        imageId,
        version: item["hv:version"],
        identifier: item["dc:identifier"],
        state: "endorsed",
        os: item["sl:os"],
        osVersion: item["sl:osversion"],
        arch: item["sl:arch"],
        hypervisor: item["hv:hypervisor"],
        diskFormat: item["hv:format"] ?? "unknown",
        sizeBytes: item["hv:size"],
        sha512: item["sl:checksum:sha512"].toLowerCase(),
        sourceUri: item["hv:uri"],
        contextMethod: "none",
        minCores: item["hv:core_minimum"] ?? 1,
        minRamMb: item["hv:ram_minimum"] ?? 0,
        releaseNotes: item["sl:comments"],
        submittedById: actor.id,
        submittedByName: actor.name,
        submittedAt: now,
        expiresAt,
        endorserDn,
        sourceListId: listId,
      })
      .run();
    added += 1;
  }
  // Versions the endorser no longer lists lose their endorsement, as vmcatcher expires them.
  const listed = list["hv:images"].map((i) => i["hv:image"]["dc:identifier"]);
  const dropped = await tx
    .select({ id: imageVersion.id, state: imageVersion.state })
    .from(imageVersion)
    .where(and(eq(imageVersion.sourceListId, listId), listed.length > 0 ? notInArray(imageVersion.identifier, listed) : undefined))
    .all();
  let droppedCount = 0;
  for (const row of dropped) {
    if (!decideImageTransition(row.state, "revoke").ok) continue;
    await tx.update(imageVersion).set({ state: "revoked", revokedByName: endorserDn, revokedAt: now, revokeReason: `No longer on the list "${list["dc:title"]}" v${list["hv:version"]}` }).where(eq(imageVersion.id, row.id)).run();
    droppedCount += 1;
  }
  return { added, updated, dropped: droppedCount };
}

async function findOrCreateExternalImage(tx: Db, title: string, description: string, endorserDn: string, now: Date): Promise<number> {
  const existing = await tx.select({ id: image.id, external: image.externalEndorserDn }).from(image).where(eq(image.name, title)).get();
  if (existing?.external === endorserDn) return existing.id;
  // Another's image never joins one of ours (or a third endorser's) of the same title.
  const name = existing ? `${title} (${endorserDn.match(/\/CN=([^/]+)/)?.[1] ?? endorserDn})` : title;
  const again = await tx.select({ id: image.id }).from(image).where(eq(image.name, name)).get();
  if (again) return again.id;
  return (await tx.insert(image).values({ name, description, externalEndorserDn: endorserDn, createdAt: now }).returning({ id: image.id }).get()).id;
}
