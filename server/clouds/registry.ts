import type { CloudDriver, DriverConfig } from "./driver";
import { createOpenStackDriver } from "./openstack/driver";
import { createEc2Driver } from "./ec2/driver";
import { createOpenNebulaDriver } from "./opennebula/driver";
import { createCloudSigmaDriver } from "./cloudsigma/driver";

export function createDriver(config: DriverConfig): CloudDriver {
  switch (config.kind) {
    case "openstack":
      return createOpenStackDriver(config);
    case "ec2":
      return createEc2Driver(config);
    case "opennebula":
      return createOpenNebulaDriver(config);
    case "cloudsigma":
      return createCloudSigmaDriver(config);
  }
}
