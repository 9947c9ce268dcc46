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
}
