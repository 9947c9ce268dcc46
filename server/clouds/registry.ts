import type { CloudKind } from "../domain/vocabulary";
import { cloudsigmaSpec } from "./cloudsigma/spec";
import { ec2Spec } from "./ec2/spec";
import type { CloudKindSpec } from "./kind-spec";
import { opennebulaSpec } from "./opennebula/spec";
import { openstackSpec } from "./openstack/spec";

/** Every kind cloudscope speaks; a kind in the vocabulary without a spec here does not compile. Drivers: driver-registry.ts. */
export const CLOUD_SPECS: { readonly [K in CloudKind]: CloudKindSpec<K> } = {
  openstack: openstackSpec,
  ec2: ec2Spec,
  opennebula: opennebulaSpec,
  cloudsigma: cloudsigmaSpec,
};

export function specFor(kind: CloudKind): CloudKindSpec {
  return CLOUD_SPECS[kind];
}
