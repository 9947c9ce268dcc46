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
  reason: "Reason",
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

/** Names stored beside the ids they stand for: shown once, the id on hover. */
const NAMED_IDS: Record<string, { nameKey: string; label: string }> = {
  cloudId: { nameKey: "cloudName", label: "Cloud" },
  imageId: { nameKey: "imageName", label: "Image" },
  flavorId: { nameKey: "flavorName", label: "Flavor" },
};
const NAME_KEYS = new Map(Object.entries(NAMED_IDS).map(([idKey, { nameKey }]) => [nameKey, idKey]));

export interface ParamRow {
  key: string;
  label: string;
  value: string;
  /** The id behind a name ("id 3"), for a hover title. */
  title?: string;
}

/** Each parameter once: a cloud, image or flavor by its name with its id on hover (the id alone when no name was stored). */
export function listParamRows(params: Record<string, unknown>): ParamRow[] {
  const rows: ParamRow[] = [];
  for (const [key, value] of Object.entries(params)) {
    const idKey = NAME_KEYS.get(key);
    if (idKey !== undefined && idKey in params) continue;
    const named = NAMED_IDS[key];
    const name = named ? params[named.nameKey] : undefined;
    if (named && typeof name === "string" && name !== "") rows.push({ key, label: named.label, value: name, title: `id ${formatParamValue(key, value)}` });
    else rows.push({ key, label: named?.label ?? PARAM_LABELS[key] ?? key, value: formatParamValue(key, value) });
  }
  return rows;
}
