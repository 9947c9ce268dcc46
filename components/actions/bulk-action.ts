import { formatCount } from "@/components/format/format-number";

export const DEFAULT_DRAIN_HOURS = 24;
const MIN_HOURS = 0.1;
const MAX_HOURS = 24 * 14;

/** What actions.previewSelection answers: the selected VMs an action would touch, per cloud. */
export interface SelectionPreview {
  total: number;
  running: number;
  byCloud: Array<{ cloudId: number; cloudName: string; count: number; running: number }>;
  firstNames: string[];
}

function vms(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "VM" : "VMs"}`;
}

/**
 * The confirmation's words: how many VMs on which clouds, and how many of them run jobs
 * (which a destroy kills and a drain lets finish).
 */
export function describeSelection(kind: "drain" | "destroy", preview: SelectionPreview, selected?: number) {
  const verb = kind === "drain" ? "Drain" : "Destroy";
  const where = preview.byCloud.length === 1 ? ` on ${preview.byCloud[0]!.cloudName}` : preview.byCloud.length > 1 ? ` on ${preview.byCloud.length} clouds` : "";
  const headline = preview.total === 0 ? `None of the selected VMs can be ${kind === "drain" ? "drained" : "destroyed"}.` : `${verb} ${vms(preview.total)}${where}.`;
  const clouds = preview.byCloud.map((c) => `${c.cloudName}: ${vms(c.count)}${c.running > 0 ? `, ${formatCount(c.running)} running ${c.running === 1 ? "a job" : "jobs"}` : ""}`);
  const them = preview.running === preview.total ? (preview.total === 1 ? "It is" : "All of them are") : `${formatCount(preview.running)} of them ${preview.running === 1 ? "is" : "are"}`;
  const jobs = preview.running === 1 ? "a job" : "jobs";
  const running =
    preview.running === 0
      ? null
      : kind === "destroy"
        ? `${them} running ${jobs}: destroying kills ${preview.running === 1 ? "that job" : "those jobs"}. Drain instead to let them finish.`
        : `${them} running ${jobs}: each finishes its current job, takes no new one, and is then destroyed.`;
  const left = selected === undefined ? 0 : selected - preview.total;
  const skipped = left > 0 ? `${formatCount(left)} of the ${formatCount(selected!)} selected ${left === 1 ? "is" : "are"} left out: already terminated or gone.` : null;
  const more = preview.total - preview.firstNames.length;
  const names = preview.firstNames.length === 0 ? null : `${preview.firstNames.join(", ")}${more > 0 ? ` and ${formatCount(more)} more` : ""}`;
  return { headline, names, clouds, running, skipped };
}

export function validateDeadlineHours(text: string): string | null {
  const t = text.trim();
  if (!t) return "Give a deadline in hours (default 24)";
  const n = Number(t);
  if (!Number.isFinite(n)) return "A number of hours, e.g. 24 or 1.5";
  if (n < MIN_HOURS) return `At least ${MIN_HOURS} hours (6 minutes)`;
  if (n > MAX_HOURS) return `At most ${MAX_HOURS} hours (two weeks)`;
  return null;
}
