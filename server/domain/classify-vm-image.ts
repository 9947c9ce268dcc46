import type { ImageChannel, ImageVersionState, VmImageClass } from "./vocabulary";

/** A catalogue version as the classifier needs it. */
export interface CatalogueVersion {
  id: number;
  identifier: string;
  label: string;
  state: ImageVersionState;
  channel: ImageChannel | null;
  expiresAt: Date | null;
  sha512: string;
}

/** A published copy: which version a cloud's image id holds, and the checksum the cloud reported for it. */
export interface DeployedCopy {
  cloudId: number;
  providerImageId: string;
  versionId: number;
  /** `algo:value`, as recorded at publish. */
  checksumSeen: string | null;
}

/** What the cloud tells about a VM's image. */
export interface VmImageFacts {
  cloudId: number;
  imageRef: string | null;
  /** The image's properties/tags at the provider (a version identifier we wrote, or another publisher's). */
  properties?: Record<string, string>;
  /** The image's checksum as the cloud reports it, `algo:value`. */
  checksum?: string | null;
}

export interface CatalogueIndex {
  versions: ReadonlyMap<number, CatalogueVersion>;
  byCopy: ReadonlyMap<string, DeployedCopy>;
  byIdentifier: ReadonlyMap<string, CatalogueVersion>;
  bySha512: ReadonlyMap<string, CatalogueVersion>;
}

export interface VmImageVerdict {
  class: VmImageClass;
  versionId: number | null;
  reason: string;
  /** Set when the site's copy differs from the catalogue's bytes, naming both hashes. */
  modified: string | null;
}

const copyKey = (cloudId: number, providerImageId: string) => `${cloudId}\u0000${providerImageId}`;

/** Built once per collector pass, so classifying each VM is a few map lookups. */
export function indexCatalogue(versions: readonly CatalogueVersion[], copies: readonly DeployedCopy[]): CatalogueIndex {
  return {
    versions: new Map(versions.map((v) => [v.id, v])),
    byCopy: new Map(copies.map((c) => [copyKey(c.cloudId, c.providerImageId), c])),
    byIdentifier: new Map(versions.map((v) => [v.identifier, v])),
    bySha512: new Map(versions.map((v) => [v.sha512.toLowerCase(), v])),
  };
}

/**
 * Which catalogue version a VM runs, and what that means: matched by the cloud's image id
 * (a copy we published), then the version identifier in the image's properties, then the
 * image's sha512; then classified by the version's state at `now`.
 */
export function classifyVmImage(vm: VmImageFacts, index: CatalogueIndex, identifierProperty: string, now: Date): VmImageVerdict {
  const copy = vm.imageRef === null ? undefined : index.byCopy.get(copyKey(vm.cloudId, vm.imageRef));
  const byProperty = vm.properties?.[identifierProperty];
  const sha512 = parseSha512(vm.checksum ?? null);
  const version =
    (copy && index.versions.get(copy.versionId)) ?? (byProperty === undefined ? undefined : index.byIdentifier.get(byProperty)) ?? (sha512 === null ? undefined : index.bySha512.get(sha512));
  if (!version) return { class: "unknown", versionId: null, reason: vm.imageRef === null ? "The cloud names no image for this VM" : `Image ${vm.imageRef} is not in the catalogue`, modified: null };
  const seen = sha512 ?? parseSha512(copy?.checksumSeen ?? null);
  const modified = seen !== null && seen !== version.sha512.toLowerCase() ? `The site's copy has sha512 ${seen}, the catalogue's ${version.label} has sha512 ${version.sha512.toLowerCase()}` : null;
  const verdict = (cls: VmImageClass, reason: string): VmImageVerdict => ({ class: cls, versionId: version.id, reason: modified ? `${reason}; modified at the site` : reason, modified });
  if (version.state === "revoked") return verdict("revoked", `${version.label} is revoked`);
  if (version.state === "expired" || (version.expiresAt !== null && version.expiresAt.getTime() <= now.getTime())) return verdict("expired", `${version.label} has expired`);
  if (version.state === "endorsed" && version.channel) return verdict(version.channel, `${version.label} is endorsed into ${version.channel}`);
  if (version.state === "approved") return verdict("testing", `${version.label} is approved, not yet on a list`);
  return verdict("unapproved", `${version.label} is ${version.state}, not approved`);
}

function parseSha512(checksum: string | null): string | null {
  const match = checksum === null ? null : /^sha512:([0-9a-f]{128})$/i.exec(checksum);
  return match?.[1]?.toLowerCase() ?? null;
}
