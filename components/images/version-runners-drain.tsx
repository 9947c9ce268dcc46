"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { formatCount } from "@/components/format/format-number";

/** Beside "Revoke": where the version still runs, per cloud, and a tick box to drain those VMs in the same request. */
export function VersionRunnersDrain({ versionId, label, drain, onDrainChange }: { versionId: number; label: string; drain: boolean; onDrainChange: (drain: boolean) => void }) {
  const trpc = useTRPC();
  const runners = useQuery(trpc.images.runners.queryOptions({ versionId }, { refetchInterval: LIVE_REFETCH_MS }));
  if (!runners.data || runners.data.clouds.length === 0) return null;
  const { clouds, drainable } = runners.data;
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid={`runners-${label}`}>
      <p>VMs still running {label}:</p>
      <ul className="ml-4 list-disc">
        {clouds.map((c) => (
          <li key={c.cloudId}>
            {c.cloudName}: {formatCount(c.live)} VM{c.live === 1 ? "" : "s"}
            {c.drainable < c.live ? ` (${formatCount(c.drainable)} booting or running)` : ""}
          </li>
        ))}
      </ul>
      {drainable > 0 && (
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={drain} onChange={(e) => onDrainChange(e.target.checked)} />
          Drain these {formatCount(drainable)} VM{drainable === 1 ? "" : "s"}
        </label>
      )}
    </div>
  );
}
