import { TriangleExclamationPoint } from "lucide-react";
import Link from "next/link";
import { formatCount } from "@/components/format/format-number";

/** Rows the worker could not refresh: we show their last known state. With `href`, a link to them. */
export function StaleBadge({ count, href }: { count: number; href?: string }) {
  const badge = (
    <span
      title="The cloud could not be polled; these VMs show their last known state."
      className="inline-flex items-center gap-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      <TriangleExclamationPoint aria-hidden="true" className="size-3" />
      stale{count > 1 ? ` (${formatCount(count)})` : ""}
    </span>
  );
  if (!href) return badge;
  return (
    <Link href={href} aria-label={`${formatCount(count)} VMs stale`} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
      {badge}
    </Link>
  );
}
