/**
 * The image catalogue's state machine: a version is submitted, approved
 * or rejected by a second admin, endorsed onto a channel's list, and may be revoked; an
 * endorsed version past its expiry date is expired. Pure: no I/O.
 */
import type { ImageVersionState } from "./vocabulary";

export const IMAGE_VERBS = ["submit", "approve", "reject", "endorse", "revoke", "expire"] as const;
export type ImageVerb = (typeof IMAGE_VERBS)[number];

const ALLOWED: Record<ImageVerb, { from: readonly ImageVersionState[]; to: ImageVersionState }> = {
  submit: { from: ["draft"], to: "submitted" },
  approve: { from: ["submitted"], to: "approved" },
  reject: { from: ["submitted"], to: "rejected" },
  // Endorsing an endorsed version again moves it to another channel.
  endorse: { from: ["approved", "endorsed"], to: "endorsed" },
  revoke: { from: ["approved", "endorsed", "expired"], to: "revoked" },
  expire: { from: ["endorsed"], to: "expired" },
};

export type Transition = { ok: true; to: ImageVersionState } | { ok: false; reason: string };

/** Where `verb` takes a version in state `from`, or why it may not. */
export function decideImageTransition(from: ImageVersionState, verb: ImageVerb): Transition {
  const rule = ALLOWED[verb];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  return { ok: false, reason: `A ${from} version cannot be ${pastTense(verb)}: only ${rule.from.join(" or ")} versions can` };
}

/** Four eyes: the admin who decides on a version must not be the one who submitted it. */
export function checkFourEyes({ submittedById, deciderId }: { submittedById: string | null; deciderId: string }): string | null {
  return submittedById === deciderId ? "You submitted this version yourself: another admin must approve or reject it (four eyes)" : null;
}

function pastTense(verb: ImageVerb): string {
  return verb === "submit" ? "submitted" : verb.endsWith("e") ? `${verb}d` : `${verb}ed`;
}

/** The fields of a version that a reviewer compares with the previous version of the same image. */
export const REVIEWED_FIELDS = [
  ["os", "OS"],
  ["osVersion", "OS version"],
  ["arch", "Architecture"],
  ["hypervisor", "Hypervisor"],
  ["diskFormat", "Disk format"],
  ["sizeBytes", "Size (bytes)"],
  ["sha512", "SHA-512"],
  ["sourceUri", "Source URI"],
  ["contextMethod", "Contextualization"],
  ["minCores", "Minimum cores"],
  ["minRamMb", "Minimum RAM (MB)"],
  ["releaseNotes", "Release notes"],
] as const;

export type ReviewedField = (typeof REVIEWED_FIELDS)[number][0];
export type ReviewedValues = Record<ReviewedField, string | number | null>;
export interface FieldChange {
  field: ReviewedField;
  label: string;
  before: string | number | null;
  after: string | number | null;
}

/** What changed from the previous version (every field when there is none). */
export function diffImageVersions(previous: ReviewedValues | null, next: ReviewedValues): FieldChange[] {
  return REVIEWED_FIELDS.filter(([field]) => !previous || previous[field] !== next[field]).map(([field, label]) => ({
    field,
    label,
    before: previous ? previous[field] : null,
    after: next[field],
  }));
}

export const CERTIFICATE_WARNING_DAYS = 30;

/** A certificate's standing at `now`: expired, within the warning window, or fine. */
export function describeCertificateExpiry(notAfter: Date, now: Date): { level: "ok" | "warning" | "expired"; daysLeft: number } {
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  return { level: notAfter <= now ? "expired" : daysLeft < CERTIFICATE_WARNING_DAYS ? "warning" : "ok", daysLeft };
}

/** An endorsed version past its own `dc:date:expires` shows (and counts) as expired. */
export function effectiveImageState(state: ImageVersionState, expiresAt: Date | null, now: Date): ImageVersionState {
  return state === "endorsed" && expiresAt !== null && expiresAt <= now ? "expired" : state;
}
