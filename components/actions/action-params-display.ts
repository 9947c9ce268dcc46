import { formatUtc } from "@/components/format/format-time";

/** Readable names for the fields actions store in their params (server/services/*-vms.ts). */
export const PARAM_LABELS: Record<string, string> = {
  cloudId: "Cloud id",
  cloudName: "Cloud",
  imageId: "Image id",
  imageName: "Image",
  flavorId: "Flavor id",
  flavorName: "Flavor",
  queue: "PanDA queue",
  count: "VMs",
  vmIds: "VMs selected",
  deadlineHours: "Drain deadline (hours)",
  drainDeadlineAt: "Destroyed if still busy at",
  skipped: "Left out",
  retryOf: "Retry of action",
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** One line per value: dates in UTC, VM id lists counted, skipped VMs with their reasons. */
export function formatParamValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string") return ISO.test(value) ? formatUtc(new Date(value)) : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (key === "vmIds" && Array.isArray(value)) {
    const shown = value.slice(0, 20).join(", ");
    return `${value.length}: ${shown}${value.length > 20 ? ", …" : ""}`;
  }
  if (key === "skipped" && Array.isArray(value)) {
    if (value.length === 0) return "none";
    return value
      .map((s: unknown) => (typeof s === "object" && s !== null && "vmId" in s ? `VM ${String(s.vmId)}${"reason" in s ? ` (${String(s.reason)})` : ""}` : JSON.stringify(s)))
      .join(", ");
  }
  return JSON.stringify(value);
}
