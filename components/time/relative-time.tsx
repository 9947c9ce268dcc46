"use client";

import { formatRelative, formatUtc } from "@/components/format/format-time";
import { useNow } from "./use-now";

/** "12 s ago", with the absolute UTC time as tooltip, for screen readers, and machine-readable. */
export function RelativeTime({ at, prefix = "" }: { at: Date | null; prefix?: string }) {
  const now = useNow();
  if (at === null) return <span className="text-zinc-500">never</span>;
  return (
    // Server and browser clocks differ by the render delay, so the text may not match on hydration.
    <time dateTime={at.toISOString()} title={formatUtc(at)} suppressHydrationWarning>
      {prefix}
      {formatRelative(at, now)}
      <span className="sr-only"> ({formatUtc(at)})</span>
    </time>
  );
}
