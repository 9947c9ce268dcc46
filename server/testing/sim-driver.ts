import type { CloudDriver } from "../clouds/driver";
import { createDriver } from "../clouds/driver-registry";
import type { SimEndpoint } from "../sim/core/endpoint";

/** The real driver for a running sim, on the sim's clock. */
export function createDriverForSim(endpoint: SimEndpoint, now: () => number): CloudDriver {
  return createDriver({ kind: endpoint.kind, endpoint: endpoint.url, region: endpoint.region, credentials: endpoint.credentials, timeoutMs: 2_000 }, { now });
}
