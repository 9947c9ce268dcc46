import type { CloudKind, VmState } from "../domain/vocabulary";

/** A VM as the provider reports it, already mapped onto our normalized states. */
export interface ProviderVm {
  providerId: string;
  name: string;
  state: VmState;
  /** The provider's own state words, for display (e.g. "ACTIVE/spawning", "ACTIVE/BOOT"). */
  rawState: string;
  flavorId: string | null;
  imageId: string | null;
  ip: string | null;
  createdAt: Date | null;
  metadata: Record<string, string>;
  /** The provider's reason for an error state, when it gives one. */
  fault: string | null;
}

export interface ProviderFlavor {
  providerId: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

/** `limit: null` means unlimited. */
export interface QuotaFigure {
  used: number;
  limit: number | null;
}

export interface ProviderQuota {
  instances: QuotaFigure;
  cores: QuotaFigure;
  ramMb: QuotaFigure;
}

export interface ProviderImage {
  providerId: string;
  name: string;
  status: string;
  sizeBytes: number | null;
  checksum: string | null;
  os: string | null;
}

export interface LaunchRequest {
  name: string;
  imageId: string;
  flavorId: string;
  /** Plain text user-data / context; each driver encodes it the way its API wants. */
  userData: string;
  metadata: Record<string, string>;
  network?: string;
  /** Idempotency token where the API has one (EC2 ClientToken); otherwise tagged in metadata. */
  clientToken: string;
}

/** A catalogue version to put on a cloud; `identifier` (the version's UUID) is how a resumed publish finds its image. */
export interface PublishImageRequest {
  name: string;
  identifier: string;
  /** Shown with the image at the provider, e.g. "atlas-wn 2.3.1". */
  versionLabel: string;
  diskFormat: string;
  sizeBytes: number;
  /** Where a cloud that fetches images itself downloads the bytes: the console's file of the version. */
  sourceUrl: string;
  /** Opens the image's bytes; called once per upload, so the file is streamed, never held in memory. */
  openBytes: () => ReadableStream<Uint8Array>;
}

/** The cloud's copy after a publish: its id and the checksum the cloud itself computed. */
export interface PublishedImage {
  providerImageId: string;
  /** e.g. "sha512"; null when the cloud reports no checksum. */
  hashAlgo: string | null;
  hashValue: string | null;
}

export interface CloudCredentials {
  [key: string]: string;
}

/** `C` is what the kind's spec parsed the stored credentials into; unparsed, a plain record. */
export interface DriverConfig<C = CloudCredentials> {
  kind: CloudKind;
  endpoint: string;
  region: string | null;
  credentials: C;
  /** Per-request timeout. */
  timeoutMs: number;
}

/**
 * One interface for every cloud kind. Drivers are wire clients only: no database,
 * no retries across calls (the worker decides), every reply parsed with zod.
 */
export interface CloudDriver {
  readonly kind: CloudKind;
  listVms(signal?: AbortSignal): Promise<ProviderVm[]>;
  listFlavors(signal?: AbortSignal): Promise<ProviderFlavor[]>;
  getQuota(signal?: AbortSignal): Promise<ProviderQuota>;
  listImages(signal?: AbortSignal): Promise<ProviderImage[]>;
  launch(request: LaunchRequest, signal?: AbortSignal): Promise<{ providerIds: string[] }>;
  destroy(providerId: string, signal?: AbortSignal): Promise<void>;
  setMetadata(providerId: string, metadata: Record<string, string>, signal?: AbortSignal): Promise<void>;
  /**
   * Puts a catalogue version on the cloud, or finds the copy an earlier attempt made (by its
   * identifier in the provider's properties), so a resumed publish makes no duplicate.
   * Absent for kinds that cannot publish yet.
   */
  publishImage?(request: PublishImageRequest, signal?: AbortSignal): Promise<PublishedImage>;
}
