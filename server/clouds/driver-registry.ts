import type { CloudKind } from "../domain/vocabulary";
import { createCloudSigmaDriver } from "./cloudsigma/driver";
import { cloudsigmaSpec } from "./cloudsigma/spec";
import type { CloudDriver, DriverConfig } from "./driver";
import { createEc2Driver } from "./ec2/driver";
import { ec2Spec } from "./ec2/spec";
import { bindDriver, type DriverFactory, type DriverOptions } from "./kind-driver";
import { createOpenNebulaDriver } from "./opennebula/driver";
import { opennebulaSpec } from "./opennebula/spec";
import { createOpenStackDriver } from "./openstack/driver";
import { openstackSpec } from "./openstack/spec";

/**
 * Every kind's driver, kept apart from the specs (registry.ts) so that what needs only a
 * kind's data (the web's services) never bundles a wire client; a kind without a driver
 * here does not compile.
 */
const DRIVERS: { readonly [K in CloudKind]: DriverFactory } = {
  openstack: bindDriver(openstackSpec, createOpenStackDriver),
  ec2: bindDriver(ec2Spec, createEc2Driver),
  opennebula: bindDriver(opennebulaSpec, createOpenNebulaDriver),
  cloudsigma: bindDriver(cloudsigmaSpec, createCloudSigmaDriver),
};

export function createDriver(config: DriverConfig, options: DriverOptions = {}): CloudDriver {
  return DRIVERS[config.kind](config, options);
}
