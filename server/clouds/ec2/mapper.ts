import { DRAIN_METADATA_KEY } from "../../domain/vm-metadata";
import type { LaunchRequest, ProviderImage, ProviderVm } from "../driver";
import type { VmState } from "../../domain/vocabulary";
import type { Ec2Image, Ec2Instance } from "./api-types";

const NAME_TAG = "Name";

/** AWS documents these two as launch failures; the other Server.* reasons end instances that did run. */
const LAUNCH_FAILURES = new Set(["Server.InternalError", "Server.InsufficientInstanceCapacity"]);

export function mapInstanceState(instance: Ec2Instance): { state: VmState; fault: string | null } {
  const { Code, Name } = instance.State;
  // ec2-api reports a Nova VM in error as code 0 with the name "error".
  if (Name === "error") return { state: "error", fault: instance.StateReason?.Message ?? null };
  // The high byte is reserved for AWS-internal use.
  switch (Code & 0xff) {
    case 0:
      return { state: "booting", fault: null };
    case 16:
      return { state: isDraining(instance) ? "draining" : "running", fault: null };
    case 32:
    case 48: {
      const reason = instance.StateReason;
      if (reason?.Code && LAUNCH_FAILURES.has(reason.Code)) return { state: "error", fault: reason.Message ?? reason.Code };
      return { state: "terminated", fault: null };
    }
    // These clouds run VMs that power themselves off when done; a stopped one will not come back.
    case 64:
    case 80:
      return { state: "terminated", fault: null };
    default:
      return { state: "error", fault: `Unknown EC2 state code ${Code} (${Name})` };
  }
}

/** CreateTags cannot delete a tag, so an empty value is how a drain is withdrawn. */
function isDraining(instance: Ec2Instance): boolean {
  return instance.Tags.some((t) => t.Key === DRAIN_METADATA_KEY && t.Value !== "");
}

export function mapInstance(instance: Ec2Instance): ProviderVm {
  const metadata: Record<string, string> = {};
  let name: string | null = null;
  for (const tag of instance.Tags) {
    if (tag.Key === NAME_TAG) name = tag.Value;
    else metadata[tag.Key] = tag.Value;
  }
  const { state, fault } = mapInstanceState(instance);
  return {
    providerId: instance.InstanceId,
    name: name || instance.InstanceId,
    state,
    rawState: instance.State.Name,
    flavorId: instance.InstanceType ?? null,
    imageId: instance.ImageId ?? null,
    ip: instance.PrivateIpAddress ?? null,
    createdAt: instance.LaunchTime ?? null,
    metadata,
    fault,
  };
}

export function mapImage(image: Ec2Image): ProviderImage {
  return {
    providerId: image.ImageId,
    name: image.Name ?? image.ImageLocation ?? image.ImageId,
    status: image.State ?? "unknown",
    sizeBytes: null,
    checksum: null,
    os: null,
  };
}

export function toTags(metadata: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(metadata).map(([Key, Value]) => ({ Key, Value }));
}

export function toLaunchTags(request: Pick<LaunchRequest, "name" | "metadata">): { Key: string; Value: string }[] {
  return toTags({ ...request.metadata, [NAME_TAG]: request.name });
}
