import fs from "node:fs";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { endorser } from "@/db/schema";
import { describeCertificateExpiry } from "@/server/domain/image-versions";
import { describeCertificate, importSigningKey, parseCertificatePem, PemError } from "@/server/images/x509";
import { resolveDbPath } from "@/db/client";
import { loadSecretKey, openSecret, sealSecret } from "../../secrets";
import type { Actor } from "../lib/actor";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";

const pem = z.string().trim().min(1, "required").max(64_000);

/** The endorser's certificate, its CA, and the key: as PEM text, or a path to a key file kept on this server. */
export const installEndorserInput = z
  .object({ certPem: pem, caPem: pem, keyPem: pem.optional(), keyPath: z.string().trim().min(1).max(1000).optional() })
  .refine((v) => (v.keyPem === undefined) !== (v.keyPath === undefined), { message: "give the key as PEM or as a path, not both", path: ["keyPem"] });
export type InstallEndorserInput = z.input<typeof installEndorserInput>;

const ENDORSER_ID = 1;

/**
 * Installs (or replaces) the experiment's endorser. Refuses a PEM that is not a certificate
 * or a key, a key of another certificate, and a certificate its CA did not issue. The key
 * is sealed at rest like cloud credentials and never leaves the server.
 */
export async function installEndorser({ db, actor, input, secretKey = loadSecretKey(resolveDbPath()), now = new Date() }: { db: Db; actor: Actor; input: InstallEndorserInput; secretKey?: Buffer; now?: Date }) {
  const { certPem, caPem, keyPem, keyPath } = installEndorserInput.parse(input);
  const facts = await checkEndorserMaterial({ certPem, caPem, keyPem: keyPem ?? readKeyFile(keyPath!) });
  const values = { certPem, caPem, keyEnc: keyPem ? sealSecret(secretKey, keyPem) : null, keyPath: keyPath ?? null, subjectDn: facts.subjectDn, issuerDn: facts.issuerDn, email: facts.email, notAfter: facts.notAfter, installedByName: actor.name, installedAt: now };
  await db.transaction(async (tx) => {
    const before = await tx.select({ subjectDn: endorser.subjectDn, notAfter: endorser.notAfter }).from(endorser).where(eq(endorser.id, ENDORSER_ID)).get();
    if (before) await tx.update(endorser).set(values).where(eq(endorser.id, ENDORSER_ID)).run();
    else await tx.insert(endorser).values({ id: ENDORSER_ID, ...values }).run();
    await recordAudit(tx, actor, { verb: "endorser.manage", targetType: "endorser", targetId: ENDORSER_ID, summary: `Installed the endorser ${facts.subjectDn} (issued by ${facts.issuerDn}, valid until ${facts.notAfter.toISOString().slice(0, 10)})${keyPath ? `, key kept in ${keyPath}` : ""}`, before, after: { subjectDn: facts.subjectDn, issuerDn: facts.issuerDn, notAfter: facts.notAfter } }, now);
  });
  return facts;
}

function readKeyFile(keyPath: string): string {
  try {
    return fs.readFileSync(keyPath, "utf8");
  } catch (error) {
    throw new ServiceError("BAD_REQUEST", `The key file ${keyPath} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function checkEndorserMaterial({ certPem, caPem, keyPem }: { certPem: string; caPem: string; keyPem: string }) {
  try {
    const cert = parseCertificatePem(certPem);
    const ca = parseCertificatePem(caPem);
    await importSigningKey(keyPem, cert);
    if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }))) throw new PemError("The certificate was not issued by this CA (its signature does not verify with the CA's key)");
    return describeCertificate(cert);
  } catch (error) {
    if (error instanceof PemError) throw new ServiceError("BAD_REQUEST", error.message);
    throw error;
  }
}

/** What admins see of the endorser: never the key. Null when none is installed. */
export async function getEndorser({ db, now = new Date() }: { db: Db; now?: Date }) {
  const row = await db.select({ subjectDn: endorser.subjectDn, issuerDn: endorser.issuerDn, email: endorser.email, notAfter: endorser.notAfter, keyPath: endorser.keyPath, installedByName: endorser.installedByName, installedAt: endorser.installedAt }).from(endorser).where(eq(endorser.id, ENDORSER_ID)).get();
  return row ? { ...row, keyKept: row.keyPath ? `in ${row.keyPath}` : "sealed in the database", expiry: describeCertificateExpiry(row.notAfter, now) } : null;
}

export interface SigningMaterial {
  certPem: string;
  keyPem: string;
  caPem: string;
  subjectDn: string;
  issuerDn: string;
  email: string;
}

/** The endorser's certificate and opened key, for signing; null when none is installed. */
export async function loadSigningMaterial(db: Db, secretKey: Buffer): Promise<SigningMaterial | null> {
  const row = await db.select().from(endorser).where(eq(endorser.id, ENDORSER_ID)).get();
  if (!row) return null;
  const keyPem = row.keyEnc ? (openSecret(secretKey, row.keyEnc) as string) : readKeyFile(row.keyPath ?? "");
  return { certPem: row.certPem, keyPem, caPem: row.caPem, subjectDn: row.subjectDn, issuerDn: row.issuerDn, email: row.email };
}

/** The trust anchor subscribers verify our lists with; null when no endorser is installed. */
export async function getTrustAnchor(db: Db): Promise<string | null> {
  return (await db.select({ caPem: endorser.caPem }).from(endorser).where(eq(endorser.id, ENDORSER_ID)).get())?.caPem ?? null;
}
