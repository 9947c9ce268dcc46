import { ACTION_STATUS_LABELS as LABEL, type ActionStatus } from "@/server/domain/vocabulary";

/** Icon and word for every status, so it never rests on colour alone. */
export const ACTION_STATUS_LOOK: Record<ActionStatus, { icon: string; badge: string; label: string }> = {
  queued: { icon: "○", label: LABEL.queued, badge: "bg-zinc-100 text-zinc-800 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-200" },
  running: { icon: "◔", label: LABEL.running, badge: "bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200" },
  succeeded: { icon: "✔", label: LABEL.succeeded, badge: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200" },
  partly_failed: { icon: "◐", label: LABEL.partly_failed, badge: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200" },
  failed: { icon: "✖", label: LABEL.failed, badge: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200" },
  cancelled: { icon: "⊘", label: LABEL.cancelled, badge: "bg-zinc-200 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-300" },
};
