"use client";

import { useQuery } from "@tanstack/react-query";
import { useCan } from "@/components/auth/use-session";
import { QueryError } from "@/components/layout/query-error";
import { RowsSkeleton } from "@/components/layout/skeleton";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";

/**
 * For admins: the worker processes behind the console, each with its heartbeat and the
 * clouds whose polls it owns, so a dead worker (and who took over its clouds) shows.
 */
export function WorkersPanel({ cloudNames }: { cloudNames: ReadonlyMap<number, string> }) {
  const canRead = useCan("workers.read");
  const trpc = useTRPC();
  const workers = useQuery(trpc.workers.list.queryOptions(undefined, { enabled: canRead, refetchInterval: LIVE_REFETCH_MS }));
  if (!canRead) return null;
  return (
    <section aria-labelledby="workers-heading" className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 id="workers-heading" className="mb-2 text-sm font-semibold">
        Workers
      </h2>
      {workers.isPending && !workers.error && <RowsSkeleton label="Loading the workers" rows={2} rowClassName="h-6" />}
      {workers.error && <QueryError what="the workers" error={workers.error} onRetry={() => void workers.refetch()} />}
      {workers.data && workers.data.length === 0 && <p className="text-sm text-zinc-500">No worker has reported in the last hour: nothing polls the clouds or runs actions.</p>}
      {workers.data && workers.data.length > 0 && (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">Worker</th>
              <th scope="col" className="py-1 pr-3 font-medium">State</th>
              <th scope="col" className="py-1 pr-3 font-medium">Heartbeat</th>
              <th scope="col" className="py-1 pr-3 font-medium">Polls</th>
              <th scope="col" className="py-1 font-medium">Maintenance</th>
            </tr>
          </thead>
          <tbody>
            {workers.data.map((w) => (
              <tr key={w.id} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 pr-3 font-mono text-xs">
                  {w.id}
                  <span className="ml-2 text-zinc-500">
                    pid {w.pid}
                    {w.hostname ? ` on ${w.hostname}` : ""}
                  </span>
                </td>
                <td className="py-1 pr-3">{w.alive ? <span className="text-emerald-700 dark:text-emerald-400">● alive</span> : <span className="text-red-700 dark:text-red-400">✕ silent</span>}</td>
                <td className="py-1 pr-3">
                  <RelativeTime at={w.beatAt} />
                </td>
                <td className="py-1 pr-3">{w.cloudIds.length === 0 ? <span className="text-zinc-500">none</span> : w.cloudIds.map((id) => cloudNames.get(id) ?? `cloud ${id}`).join(", ")}</td>
                <td className="py-1">{w.maintenance ? "yes" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
