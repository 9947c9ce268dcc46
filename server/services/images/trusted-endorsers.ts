import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { importedList, trustedEndorser } from "@/db/schema";
import { describeCertificate, parseCertificateBundle, PemError } from "@/server/images/x509";
import type { Actor } from "../lib/actor";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";

export const addTrustedEndorserInput = z.object({
  name: z.string().trim().min(1).max(200),
  caPem: z.string().trim().min(1, "required").max(200_000),
  allowedDn: z.string().trim().regex(/^(\/[A-Za-z][\w.]*=[^/]+)+$/, "expected a DN in OpenSSL's form, e.g. /C=DE/O=GermanGrid/CN=Jane Doe"),
});
export const removeTrustedEndorserInput = z.object({ id: z.number().int().positive() });

/** Trusts another endorser: lists signed by `allowedDn`, under one of these CAs, may be imported. */
export async function addTrustedEndorser({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: z.input<typeof addTrustedEndorserInput>; now?: Date }) {
  const { name, caPem, allowedDn } = addTrustedEndorserInput.parse(input);
  let cas: string[];
  try {
    cas = parseCertificateBundle(caPem).map((c) => describeCertificate(c).subjectDn);
  } catch (error) {
    if (error instanceof PemError) throw new ServiceError("BAD_REQUEST", error.message);
    throw error;
  }
  return db.transaction(async (tx) => {
    if (await tx.select({ id: trustedEndorser.id }).from(trustedEndorser).where(eq(trustedEndorser.name, name)).get()) throw new ServiceError("CONFLICT", `A trusted endorser named ${name} exists already`);
    const row = await tx.insert(trustedEndorser).values({ name, caPem, allowedDn, createdByName: actor.name, createdAt: now }).returning({ id: trustedEndorser.id }).get();
    await recordAudit(tx, actor, { verb: "trustedEndorsers.manage", targetType: "trusted_endorser", targetId: row.id, summary: `Trusted ${name}: ${allowedDn} under ${cas.join(", ")}`, after: { name, allowedDn, cas } }, now);
    return { id: row.id, cas };
  });
}

export async function removeTrustedEndorser({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: z.input<typeof removeTrustedEndorserInput>; now?: Date }) {
  const { id } = removeTrustedEndorserInput.parse(input);
  await db.transaction(async (tx) => {
    const row = await tx.select({ name: trustedEndorser.name, allowedDn: trustedEndorser.allowedDn }).from(trustedEndorser).where(eq(trustedEndorser.id, id)).get();
    if (!row) throw new ServiceError("NOT_FOUND", `Trusted endorser ${id} does not exist`);
    await tx.delete(trustedEndorser).where(eq(trustedEndorser.id, id)).run();
    await recordAudit(tx, actor, { verb: "trustedEndorsers.manage", targetType: "trusted_endorser", targetId: id, summary: `No longer trusts ${row.name} (${row.allowedDn})`, before: row }, now);
  });
}

export async function listTrustedEndorsers({ db }: { db: Db }) {
  const rows = await db.select().from(trustedEndorser).orderBy(asc(trustedEndorser.name)).all();
  return rows.map(({ caPem, ...row }) => ({ ...row, cas: parseCertificateBundle(caPem).map((c) => ({ subjectDn: describeCertificate(c).subjectDn, notAfter: c.notAfter })) }));
}

/** The lists accepted so far, each with its last version and whether it has expired since. */
export async function listImportedLists({ db, now = new Date() }: { db: Db; now?: Date }) {
  const rows = await db.select().from(importedList).orderBy(asc(importedList.title)).all();
  return rows.map((row) => ({ ...row, expired: row.expiresAt <= now }));
}
