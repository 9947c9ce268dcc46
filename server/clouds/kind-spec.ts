import type { z } from "zod";
import { checkContextSize, measureBytes, type ContextSizeLimit } from "../domain/contextualization";
import type { NetworkRule } from "../domain/site-params";
import type { CloudKind } from "../domain/vocabulary";
import type { CloudCredentials, CloudDriver, DriverConfig } from "./driver";
import { CloudApiError } from "./errors";

export interface DriverOptions {
  /** The clock a driver judges time by (token expiry, how far back to look); tests pass a simulated one. */
  now?: () => number;
}

/** Everything the rest of cloudscope needs to know about one cloud kind. */
export interface CloudKindSpec<K extends CloudKind = CloudKind> {
  kind: K;
  /** The kind as people write it ("OpenStack"). */
  label: string;
  /** The credential fields the driver reads; a configuration naming any other field is refused. */
  credentials: z.ZodType<CloudCredentials>;
  userData: ContextSizeLimit;
  network: NetworkRule;
  /** Whether catalogue versions can be published to clouds of this kind (the driver has publishImage). */
  publishesImages: boolean;
  /** A driver for one cloud of this kind; unusable credentials and user data over the limit fail before any call to the cloud. */
  createDriver(config: DriverConfig, options?: DriverOptions): CloudDriver;
}

interface KindDefinition<K extends CloudKind, C extends CloudCredentials> extends Omit<CloudKindSpec<K>, "credentials" | "createDriver"> {
  credentials: z.ZodType<C>;
  /** The kind's own driver, given credentials already checked against the schema. */
  connect(config: DriverConfig<C>, options: DriverOptions): CloudDriver;
}

export function defineCloudKind<K extends CloudKind, C extends CloudCredentials>(definition: KindDefinition<K, C>): CloudKindSpec<K> {
  const { connect, ...spec } = definition;
  return {
    ...spec,
    createDriver(config, options = {}) {
      const parsed = spec.credentials.safeParse(config.credentials);
      if (!parsed.success) return refuseEveryCall(spec.kind, new CloudApiError("auth", describeCredentialIssues(spec.label, parsed.error)));
      return guardUserData(connect({ ...config, credentials: parsed.data }, options), spec.userData);
    },
  };
}

/** null when the credentials suit the kind, else a message naming each wrong, missing or unknown field. */
export function checkCredentials(spec: CloudKindSpec, credentials: unknown): string | null {
  const parsed = spec.credentials.safeParse(credentials);
  return parsed.success ? null : describeCredentialIssues(spec.label, parsed.error);
}

function describeCredentialIssues(label: string, error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `"${key}" is not a field of these credentials`).join("; ");
    const field = issue.path.join(".") || "(all)";
    return issue.code === "invalid_type" && issue.input === undefined ? `"${field}" is missing` : `"${field}": ${issue.message}`;
  });
  return `${label} credentials: ${problems.join("; ")}`;
}

/** Unusable credentials fail each call as that cloud's auth error, like a refusal by the cloud, so a poll records it. */
function refuseEveryCall(kind: CloudKind, error: CloudApiError): CloudDriver {
  const refuse = () => Promise.reject(error);
  return { kind, listVms: refuse, listFlavors: refuse, getQuota: refuse, listImages: refuse, launch: refuse, destroy: refuse, setMetadata: refuse, publishImage: refuse };
}

/** One check for every kind, from the spec's limit, so a launch over it never reaches the cloud. */
function guardUserData(driver: CloudDriver, limit: ContextSizeLimit): CloudDriver {
  return {
    ...driver,
    launch(request, signal) {
      const problem = checkContextSize(limit, measureBytes(request.userData));
      if (problem) return Promise.reject(new CloudApiError("bad_request", problem));
      return driver.launch(request, signal);
    },
  };
}
