import { invalidValue } from "./fault";
import type { Filter } from "./params";

/** What DescribeInstances filters look at, for one instance. */
export interface InstanceFacts {
  instanceId: string;
  imageId: string;
  instanceType: string;
  stateName: string;
  stateCode: number;
  reservationId: string;
  clientToken: string | null;
  privateIpAddress: string | null;
  availabilityZone: string;
  tags: Record<string, string>;
}

type Field = (facts: InstanceFacts) => (string | null)[];

const FIELDS: Record<string, Field> = {
  "instance-id": (f) => [f.instanceId],
  "image-id": (f) => [f.imageId],
  "instance-type": (f) => [f.instanceType],
  "instance-state-name": (f) => [f.stateName],
  "instance-state-code": (f) => [String(f.stateCode)],
  "reservation-id": (f) => [f.reservationId],
  "client-token": (f) => [f.clientToken],
  "private-ip-address": (f) => [f.privateIpAddress],
  "availability-zone": (f) => [f.availabilityZone],
  "tag-key": (f) => Object.keys(f.tags),
  "tag-value": (f) => Object.values(f.tags),
};

/**
 * An instance matches when every filter matches, and a filter when any of its values does;
 * `tag:<key>` looks at that tag's value; `*` and `?` in a value are wildcards.
 */
export function compileInstanceFilters(filters: Filter[]): (facts: InstanceFacts) => boolean {
  const checks = filters.map(({ name, values }) => {
    const field: Field | undefined = name.startsWith("tag:") ? (f) => [f.tags[name.slice(4)] ?? null] : Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
    if (!field) throw invalidValue(`The filter '${name}' is invalid`);
    const patterns = values.map(wildcard);
    return (facts: InstanceFacts) => field(facts).some((v) => v !== null && patterns.some((p) => p.test(v)));
  });
  return (facts) => checks.every((check) => check(facts));
}

function wildcard(value: string): RegExp {
  const source = value.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s");
}
