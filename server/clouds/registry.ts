import type { CloudDriver, DriverConfig } from "./driver";
import { createOpenStackDriver } from "./openstack/driver";
import { createEc2Driver } from "./ec2/driver";
import { createOpenNebulaDriver } from "./opennebula/driver";
import { createCloudSigmaDriver } from "./cloudsigma/driver";

/** `now` is the clock a driver judges time by (token expiry, how far back to look); tests pass a simulated one. */
export function createDriver(config: DriverConfig, options: { now?: () => number } = {}): CloudDriver {
  switch (config.kind) {
    case "openstack":
      return createOpenStackDriver(config, options);
    case "ec2":
      return createEc2Driver(config);
    case "opennebula":
      return createOpenNebulaDriver(config);
    case "cloudsigma":
      return createCloudSigmaDriver(config);
  }
}
