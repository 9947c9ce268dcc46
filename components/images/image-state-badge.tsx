import type { ImageVersionState } from "@/server/domain/vocabulary";

/** A Record, so a new state cannot be forgotten here; also the list of states the URL accepts. */
export const IMAGE_STATE_LOOK: Record<ImageVersionState, string> = {
  draft: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  submitted: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  approved: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  rejected: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  endorsed: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  revoked: "bg-red-100 text-red-900 line-through dark:bg-red-950 dark:text-red-200",
  expired: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

export function ImageStateBadge({ state, channel }: { state: ImageVersionState; channel?: string | null }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${IMAGE_STATE_LOOK[state]}`}>{state === "endorsed" && channel ? `endorsed · ${channel}` : state}</span>;
}
