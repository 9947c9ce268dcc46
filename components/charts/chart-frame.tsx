"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryError } from "@/components/layout/query-error";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";

export const CHART_HEIGHT = 224;

/**
 * Loading, error and empty states shared by every time-series chart, and a figure whose
 * accessible name carries the latest figures, since the drawing itself is not readable.
 */
export function ChartFrame<T extends { points: unknown[] }>({
  title,
  query,
  emptyText,
  describe,
  children,
}: {
  title: string;
  query: UseQueryResult<T, { message: string }>;
  emptyText: string;
  describe: (data: T) => string;
  children: (data: T) => ReactNode;
}) {
  if (query.error && !query.data) return <QueryError what={title} error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <LoadingRegion label={`Loading ${title}`}>
        <Skeleton className="w-full" />
        <div style={{ height: CHART_HEIGHT }} />
      </LoadingRegion>
    );
  }
  return (
    <figure aria-label={`${title}. ${describe(query.data)}`} className="m-0">
      <figcaption className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{title}</figcaption>
      {query.data.points.length === 0 ? (
        <p className="flex items-center justify-center text-sm text-zinc-500" style={{ height: CHART_HEIGHT }}>
          {emptyText}
        </p>
      ) : (
        <div className="text-zinc-500">{children(query.data)}</div>
      )}
    </figure>
  );
}
