"use client";

import { useQuery } from "@tanstack/react-query";
import { useCan } from "@/components/auth/use-session";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";

/** On every page while autoscaling is paused: who paused it and why. */
export function AutoscalePauseBanner() {
  const trpc = useTRPC();
  const canRead = useCan("queues.read");
  const pause = useQuery(trpc.queues.pause.queryOptions(undefined, { refetchInterval: LIVE_REFETCH_MS, enabled: canRead }));
  if (!pause.data?.paused) return null;
  return (
    <div role="status" className="rounded border border-amber-600 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      <strong>Autoscaling is paused</strong> by {pause.data.byName}: {pause.data.reason}
    </div>
  );
}
