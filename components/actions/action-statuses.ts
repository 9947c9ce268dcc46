import type { ActionKind, ActionStatus } from "@/db/schema";

/** Icon and word for every status, so it never rests on colour alone. */
export const ACTION_STATUS_LOOK: Record<ActionStatus, { icon: string; badge: string; label: string }> = {
  queued: { icon: "○", label: "queued", badge: "bg-zinc-100 text-zinc-800 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-200" },
  running: { icon: "◔", label: "running", badge: "bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200" },
  succeeded: { icon: "✔", label: "succeeded", badge: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200" },
  failed: { icon: "✖", label: "failed", badge: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200" },
  cancelled: { icon: "⊘", label: "cancelled", badge: "bg-zinc-200 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-300" },
};

export const ACTION_STATUSES_IN_ORDER = Object.keys(ACTION_STATUS_LOOK) as ActionStatus[];

export const ACTION_KIND_LABELS: Record<ActionKind, string> = { launch: "Launch", drain: "Drain", destroy: "Destroy" };
export const ACTION_KINDS_IN_ORDER = Object.keys(ACTION_KIND_LABELS) as ActionKind[];

export function isFinished(status: ActionStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}

/** "Launch of 3 VMs", "Drain of 1 VM". */
export function describeAction(kind: ActionKind, count: number): string {
  return `${ACTION_KIND_LABELS[kind]} of ${count} ${count === 1 ? "VM" : "VMs"}`;
}
