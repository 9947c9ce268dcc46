import type { ReactNode } from "react";

/** A grey placeholder block; the surrounding region carries aria-busy and the loading text. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

export function LoadingRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="status" aria-busy="true" aria-label={label}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}

/** Placeholder rows for a table or list that is loading. */
export function RowsSkeleton({ label, rows, rowClassName }: { label: string; rows: number; rowClassName: string }) {
  return (
    <LoadingRegion label={label}>
      <div className="flex flex-col gap-1">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className={rowClassName} />
        ))}
      </div>
    </LoadingRegion>
  );
}
