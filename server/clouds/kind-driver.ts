import type { CloudKind } from "../domain/vocabulary";
import { checkContextSize, measureBytes, type ContextSizeLimit } from "../domain/contextualization";
import type { CloudCredentials, CloudDriver, DriverConfig } from "./driver";
import { CloudApiError } from "./errors";
import { describeCredentialIssues, type CloudKindSpec } from "./kind-spec";

export interface DriverOptions {
  /** The clock a driver judges time by (token expiry, how far back to look); tests pass a simulated one. */
  now?: () => number;
}

/** A driver for one cloud of a kind; unusable credentials and user data over the limit fail before any call to the cloud. */
export type DriverFactory = (config: DriverConfig, options?: DriverOptions) => CloudDriver;

/** Joins a kind's spec to its own driver, which is given credentials already checked against the spec's schema. */
export function bindDriver<K extends CloudKind, C extends CloudCredentials>(
  spec: CloudKindSpec<K, C>,
  connect: (config: DriverConfig<C>, options: DriverOptions) => CloudDriver,
): DriverFactory {
  return (config, options = {}) => {
    const parsed = spec.credentials.safeParse(config.credentials);
    if (!parsed.success) return refuseEveryCall(spec.kind, new CloudApiError("auth", describeCredentialIssues(spec.label, parsed.error)));
    return guardUserData(connect({ ...config, credentials: parsed.data }, options), spec.userData);
  };
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
