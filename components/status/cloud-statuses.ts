import { Ban, CircleCheck, CircleQuestionMark, CircleX, TriangleExclamationPoint, type LucideIcon } from "lucide-react";
import type { CloudStatus } from "@/server/domain/vocabulary";

/** Shape beside colour for every status, drawn as icons (text glyphs rendered as empty boxes on some systems). */
export const CLOUD_STATUS_LOOK: Record<CloudStatus, { icon: LucideIcon; badge: string; text: string }> = {
  up: { icon: CircleCheck, badge: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200", text: "text-emerald-600 dark:text-emerald-400" },
  degraded: { icon: TriangleExclamationPoint, badge: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200", text: "text-amber-600 dark:text-amber-400" },
  down: { icon: CircleX, badge: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200", text: "text-red-600 dark:text-red-400" },
  disabled: { icon: Ban, badge: "bg-zinc-200 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-300", text: "text-zinc-600 dark:text-zinc-400" },
  unknown: { icon: CircleQuestionMark, badge: "bg-zinc-100 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-900 dark:text-zinc-300", text: "text-zinc-600 dark:text-zinc-400" },
};
