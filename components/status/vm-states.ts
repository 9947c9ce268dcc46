import type { VmState } from "@/server/domain/vocabulary";

interface StateLook {
  /** Shape beside the word, so state never rests on colour alone. */
  icon: string;
  badge: string;
  /** Chart fill; readable on light and dark backgrounds. */
  color: string;
}

/** How each state looks; a Record so a new state cannot be forgotten here. */
export const VM_STATE_LOOK: Record<VmState, StateLook> = {
  requested: { icon: "○", badge: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200", color: "#0ea5e9" },
  booting: { icon: "◔", badge: "bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200", color: "#6366f1" },
  running: { icon: "●", badge: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200", color: "#10b981" },
  draining: { icon: "◑", badge: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200", color: "#f59e0b" },
  terminated: { icon: "◌", badge: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300", color: "#a1a1aa" },
  error: { icon: "✖", badge: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200", color: "#ef4444" },
  lost: { icon: "?", badge: "bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-200", color: "#d946ef" },
};
