import { formatCount } from "@/components/format/format-number";

/** Rows the worker could not refresh: we show their last known state. */
export function StaleBadge({ count }: { count: number }) {
  return (
    <span
      title="The cloud could not be polled; these VMs show their last known state."
      className="inline-flex items-center gap-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      <span aria-hidden="true">⚠</span>
      stale{count > 1 ? ` (${formatCount(count)})` : ""}
    </span>
  );
}
