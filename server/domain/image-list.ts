import { z } from "zod";

/**
 * HEPiX image lists (hv:imagelist JSON, as vmcatcher and cloudkeeper read them): built from
 * catalogue rows, and parsed strictly from outside, every bad field named. Pure: no I/O.
 */

export interface ListEndorser {
  dn: string;
  ca: string;
  email: string;
  creator: string;
}

export interface ListedVersion {
  identifier: string;
  imageName: string;
  description: string;
  version: string;
  uri: string;
  sizeBytes: number;
  sha512: string;
  arch: string;
  os: string;
  osVersion: string;
  hypervisor: string;
  diskFormat: string;
  releaseNotes: string;
  minCores: number;
  minRamMb: number;
}

export interface ListHeader {
  identifier: string;
  title: string;
  description: string;
  source: string;
  uri: string;
  /** `hv:version`: one more at every re-issue. */
  version: number;
  createdAt: Date;
  expiresAt: Date;
}

/** Seconds precision, as the lists spell times: 2011-03-10T17:09:12Z. */
export function formatListDate(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

export function buildImageList({ header, endorser, versions }: { header: ListHeader; endorser: ListEndorser; versions: ListedVersion[] }) {
  return {
    "hv:imagelist": {
      "dc:date:created": formatListDate(header.createdAt),
      "dc:date:expires": formatListDate(header.expiresAt),
      "dc:identifier": header.identifier,
      "dc:description": header.description,
      "dc:title": header.title,
      "dc:source": header.source,
      "hv:version": String(header.version),
      "hv:uri": header.uri,
      "hv:endorser": { "hv:x509": { "dc:creator": endorser.creator, "hv:ca": endorser.ca, "hv:dn": endorser.dn, "hv:email": endorser.email } },
      "hv:images": versions.map((v) => ({
        "hv:image": {
          "dc:identifier": v.identifier,
          "dc:title": v.imageName,
          "dc:description": v.description,
          "hv:uri": v.uri,
          "hv:size": v.sizeBytes,
          "sl:checksum:sha512": v.sha512,
          "sl:arch": v.arch,
          "sl:os": v.os,
          "sl:osversion": v.osVersion,
          "sl:comments": v.releaseNotes,
          "hv:hypervisor": v.hypervisor,
          "hv:version": v.version,
          "hv:format": v.diskFormat,
          "hv:core_minimum": v.minCores,
          "hv:ram_minimum": v.minRamMb,
        },
      })),
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

const text = z.string({ error: (issue) => (issue.input === undefined ? "required" : "expected text") });
const uuid = text.regex(UUID, "expected a UUID");
const date = text.refine((v) => DATE.test(v) && !Number.isNaN(Date.parse(v)), "expected an ISO 8601 date and time");
const versionText = z.union([text, z.number().transform(String)], { error: (issue) => (issue.input === undefined ? "required" : "expected a version string") });

const imageSchema = z.object({
  "dc:identifier": uuid,
  "dc:title": text,
  "dc:description": text,
  "hv:uri": text.url("expected a URL"),
  "hv:size": z.number({ error: (issue) => (issue.input === undefined ? "required" : "expected a number of bytes") }).int("expected a whole number of bytes").nonnegative("expected a number of bytes"),
  "sl:checksum:sha512": text.regex(/^[0-9a-fA-F]{128}$/, "expected 128 hexadecimal characters (SHA-512)"),
  "sl:arch": text,
  "sl:os": text,
  "sl:osversion": text,
  "sl:comments": text,
  "hv:hypervisor": text,
  "hv:version": versionText,
  "hv:format": text.optional(),
  "hv:core_minimum": z.number().int().optional(),
  "hv:ram_minimum": z.number().int().optional(),
  "dc:date:expires": date.optional(),
});

const listSchema = z.object({
  "dc:date:created": date,
  "dc:date:expires": date,
  "dc:identifier": uuid,
  "dc:description": text,
  "dc:title": text,
  "dc:source": text,
  "hv:version": versionText,
  "hv:uri": text,
  "hv:endorser": z.object({ "hv:x509": z.object({ "dc:creator": text, "hv:ca": text, "hv:dn": text, "hv:email": text }, { error: "required" }) }, { error: "required" }),
  "hv:images": z.array(z.object({ "hv:image": imageSchema }, { error: "expected {\"hv:image\": {…}}" }), { error: (issue) => (issue.input === undefined ? "required" : "expected a list") }),
});

export type ParsedImageList = z.output<typeof listSchema>;
export type ParsedImage = z.output<typeof imageSchema>;

export type ListParse = { ok: true; list: ParsedImageList } | { ok: false; problems: string[] };

/** Strict parsing of a list's JSON text: every missing or malformed field is named (vmcatcher codes 31–39). */
export function parseImageList(json: string): ListParse {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`Not JSON (${(error as Error).message})`] };
  }
  if (raw === null || typeof raw !== "object" || !("hv:imagelist" in raw)) return { ok: false, problems: ['Not an image list: there is no "hv:imagelist" object'] };
  const parsed = listSchema.safeParse((raw as Record<string, unknown>)["hv:imagelist"]);
  if (parsed.success) return { ok: true, list: parsed.data };
  return { ok: false, problems: parsed.error.issues.slice(0, 20).map((issue) => `${describePath(issue.path)}: ${issue.message}`) };
}

function describePath(path: PropertyKey[]): string {
  return ["hv:imagelist", ...path].map((part, i) => (typeof part === "number" ? `[${part}]` : `${i > 0 ? "." : ""}${String(part)}`)).join("");
}

/** Compares two `hv:version` strings numerically part by part (1.10 > 1.9); negative when a < b. */
export function compareListVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const diff = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export interface TrustedSigner {
  name: string;
  allowedDn: string;
}

export interface SignerFacts {
  subjectDn: string;
  issuerDn: string;
}

/**
 * Whether a verified list may be accepted: signer = hv:dn, issuer = hv:ca, the DN allowed
 * for a trusted endorser, not expired, hv:version not lower than the last accepted. The
 * reason (with vmcatcher's code) when not.
 */
export function checkListTrust({ list, signer, endorsers, lastVersion, now }: { list: ParsedImageList; signer: SignerFacts; endorsers: TrustedSigner[]; lastVersion: string | null; now: Date }): string | null {
  const x509 = list["hv:endorser"]["hv:x509"];
  if (signer.subjectDn !== x509["hv:dn"]) return `Metadata does not match the certificate (12): hv:dn is ${x509["hv:dn"]} but the list is signed by ${signer.subjectDn}`;
  if (signer.issuerDn !== x509["hv:ca"]) return `Metadata does not match the certificate (12): hv:ca is ${x509["hv:ca"]} but the signer's issuer is ${signer.issuerDn}`;
  if (!endorsers.some((e) => e.allowedDn === signer.subjectDn)) return `Endorser not authorised (13): ${signer.subjectDn} is not the allowed DN of any trusted endorser`;
  const expires = new Date(list["dc:date:expires"]);
  if (expires <= now) return `The list expired at ${formatListDate(expires)}`;
  if (lastVersion !== null && compareListVersions(list["hv:version"], lastVersion) < 0) return `Version lower (17): hv:version ${list["hv:version"]} is lower than ${lastVersion}, the last accepted from this list`;
  return null;
}

/** A list is re-signed once half its lifetime has passed, so subscribers never see it expire. */
export function isListDueForRenewal({ issuedAt, expiresAt, now }: { issuedAt: Date; expiresAt: Date; now: Date }): boolean {
  return now.getTime() >= issuedAt.getTime() + (expiresAt.getTime() - issuedAt.getTime()) / 2;
}
