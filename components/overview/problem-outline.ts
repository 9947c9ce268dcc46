import { isProblemCloud } from "@/server/domain/cloud-triage";
import type { CloudStatus } from "@/server/domain/vocabulary";

type Severity = "fault" | "warning" | "held" | null;

function severityOf(cloud: { status: CloudStatus; paused: boolean }): Severity {
  if (cloud.status === "down") return "fault";
  if (cloud.status === "degraded") return "warning";
  return isProblemCloud(cloud) ? "held" : null;
}

const OUTLINE: Record<NonNullable<Severity>, string> = {
  fault: "ring-2 ring-red-600 dark:ring-red-500",
  warning: "ring-2 ring-amber-500",
  held: "ring-2 ring-zinc-400 dark:ring-zinc-500",
};

const EDGE: Record<NonNullable<Severity>, string> = {
  fault: "border-l-4 border-l-red-600 dark:border-l-red-500",
  warning: "border-l-4 border-l-amber-500",
  held: "border-l-4 border-l-zinc-400 dark:border-l-zinc-500",
};

/** The outline that makes a problem cloud's card stand out among healthy ones (none for a healthy cloud). */
export function problemOutline(cloud: { status: CloudStatus; paused: boolean }): string {
  const severity = severityOf(cloud);
  return severity ? OUTLINE[severity] : "";
}

/** The same mark for a row of the compact list: a coloured left edge on its first cell. */
export function problemEdge(cloud: { status: CloudStatus; paused: boolean }): string {
  const severity = severityOf(cloud);
  return severity ? EDGE[severity] : "border-l-4 border-l-transparent";
}
