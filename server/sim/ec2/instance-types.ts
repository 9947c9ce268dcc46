import type { SimFlavor } from "../core/sim-cloud";
import { Ec2Fault, invalidValue } from "./fault";
import { readFilters, readList, readMaxResults, readNextToken, writeNextToken } from "./params";
import { node, set, text } from "./xml";

const MAX_RESULTS = { min: 5, max: 100 };

/** DescribeInstanceTypes: the cloud's flavors as instance types, in name order, paged. */
export function describeInstanceTypes(params: URLSearchParams, flavors: SimFlavor[]): string {
  const asked = readList(params, "InstanceType");
  const unknown = asked.filter((name) => !flavors.some((f) => f.name === name));
  if (unknown.length > 0) throw new Ec2Fault(400, "InvalidInstanceType", `The following supplied instance types do not exist: [${unknown.join(", ")}]`);
  const filters = readFilters(params);
  for (const f of filters) if (f.name !== "instance-type") throw invalidValue(`The filter '${f.name}' is invalid`);
  const pageSize = readMaxResults(params, MAX_RESULTS);
  const after = readNextToken(params.get("NextToken"));
  const matching = flavors
    .filter((f) => (asked.length === 0 || asked.includes(f.name)) && filters.every((filter) => filter.values.includes(f.name)))
    .filter((f) => after === null || f.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = matching.slice(0, pageSize);
  const last = page.at(-1);
  const next = matching.length > page.length && last ? text("nextToken", writeNextToken(last.name)) : "";
  return set("instanceTypeSet", page.map(renderInstanceType)) + next;
}

function renderInstanceType(f: SimFlavor): string {
  return [
    text("instanceType", f.name),
    text("currentGeneration", false),
    text("freeTierEligible", false),
    set("supportedUsageClasses", ["on-demand"]),
    set("supportedRootDeviceTypes", ["instance-store"]),
    set("supportedVirtualizationTypes", ["hvm"]),
    text("bareMetal", false),
    text("hypervisor", "xen"),
    node("processorInfo", set("supportedArchitectures", ["x86_64"])),
    node("vCpuInfo", text("defaultVCpus", f.vcpus), text("defaultCores", f.vcpus), text("defaultThreadsPerCore", 1)),
    node("memoryInfo", text("sizeInMiB", f.ramMb)),
    text("instanceStorageSupported", f.diskGb > 0),
    f.diskGb > 0 ? node("instanceStorageInfo", text("totalSizeInGB", f.diskGb), set("disks", [text("sizeInGB", f.diskGb) + text("count", 1) + text("type", "hdd")])) : "",
  ].join("");
}
