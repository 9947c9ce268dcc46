import type { ActionStatus, DeploymentStatus, ImageVersionState } from "./vocabulary";

/** What the cloud says of its copy after an upload. */
export interface ReportedCopy {
  hashAlgo: string | null;
  hashValue: string | null;
}

export type CopyJudgement =
  | { status: "present"; verified: boolean; checksumSeen: string | null; message: string | null }
  | { status: "modified"; checksumSeen: string; message: string };

/**
 * Whether a cloud's copy is the catalogue's bytes: the cloud's own sha512 must equal the
 * catalogue's. A cloud reporting another algorithm, or none, leaves the copy present but
 * unverified, saying why; a different sha512 is a modified copy, naming both hashes.
 */
export function judgePublishedCopy(catalogueSha512: string, copy: ReportedCopy): CopyJudgement {
  const algo = copy.hashAlgo?.toLowerCase() ?? null;
  const value = copy.hashValue?.toLowerCase() ?? null;
  if (algo === null || value === null) return { status: "present", verified: false, checksumSeen: null, message: "The cloud reports no checksum for its copy: not verified" };
  const checksumSeen = `${algo}:${value}`;
  if (algo !== "sha512") return { status: "present", verified: false, checksumSeen, message: `The cloud reports only a ${algo} checksum; the catalogue holds sha512: not verified` };
  if (value === catalogueSha512.toLowerCase()) return { status: "present", verified: true, checksumSeen, message: null };
  return { status: "modified", checksumSeen, message: `Checksum mismatch after upload: the cloud's copy has sha512 ${value}, the catalogue's version has sha512 ${catalogueSha512.toLowerCase()}` };
}

/** Versions that may go to clouds: approved by a second person (endorsed ones are approved and signed). */
const PUBLISHABLE: ReadonlySet<ImageVersionState> = new Set(["approved", "endorsed"]);

/** Why a version cannot be published, or null when it can. */
export function findPublishRefusal(version: { state: ImageVersionState; fileName: string | null; label: string }): string | null {
  if (!PUBLISHABLE.has(version.state)) return `${version.label} is ${version.state}: only approved or endorsed versions are published`;
  if (version.fileName === null) return `${version.label} has no file in the catalogue (it came from another endorser's list): nothing to upload`;
  return null;
}

/** A deployment row with the state of the publish item working on it, when there is one. */
export interface DeploymentFacts {
  status: DeploymentStatus;
  message: string | null;
  item: { status: ActionStatus; error: string | null; attempts: number } | null;
}

/**
 * What a matrix cell says: the copy's status, and while publishing, how far it got. A
 * publish that ended without recording a copy (cancelled, refused before it ran) shows
 * failed with the item's reason, so a cell never says "publishing" for nothing.
 */
export function describeDeployment(facts: DeploymentFacts): { status: DeploymentStatus; detail: string | null } {
  if (facts.status !== "publishing") return { status: facts.status, detail: facts.message };
  const item = facts.item;
  if (item === null) return { status: "publishing", detail: null };
  if (item.status === "cancelled") return { status: "failed", detail: "The publish was cancelled" };
  if (item.status === "failed" || item.status === "succeeded" || item.status === "partly_failed") return { status: "failed", detail: item.error ?? "The publish ended without a result" };
  if (item.status === "running") return { status: "publishing", detail: "uploading" };
  return { status: "publishing", detail: item.error ? `waiting to retry (attempt ${item.attempts + 1}): ${item.error}` : "queued" };
}
