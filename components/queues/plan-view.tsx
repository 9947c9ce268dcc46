"use client";

import { useQuery } from "@tanstack/react-query";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";

const KIND_LOOK = {
  launch: "border-emerald-600 text-emerald-800 dark:text-emerald-300",
  drain: "border-amber-600 text-amber-800 dark:text-amber-300",
  hold: "border-zinc-400 text-zinc-700 dark:text-zinc-300",
} as const;

/** What the autoscaler would do now for the queue, one sentence per cloud; in dry-run it stops there. */
export function PlanView({ queueId }: { queueId: number }) {
  const trpc = useTRPC();
  const plan = useQuery(trpc.queues.plan.queryOptions({ queueId }, { refetchInterval: LIVE_REFETCH_MS }));
  const policy = useQuery(trpc.queues.policy.queryOptions({ queueId }));
  const mode = !policy.data ? "no policy" : !policy.data.policy.enabled ? "disabled" : policy.data.policy.acting ? "acting" : "dry-run";
  return (
    <Section title="Autoscaler plan" actions={<span className="rounded border border-zinc-400 px-1.5 text-xs">{mode}</span>}>
      {plan.error && !plan.data ? (
        <QueryError what="the plan" error={plan.error} onRetry={() => void plan.refetch()} />
      ) : (
        <ul aria-label="Plan" className="space-y-1 text-sm">
          {(plan.data ?? []).map((d, i) => (
            <li key={`${d.kind}-${d.cloudId ?? "queue"}-${i}`} className={`border-l-4 pl-2 ${KIND_LOOK[d.kind]}`}>
              {d.reason}
            </li>
          ))}
        </ul>
      )}
      {mode === "dry-run" && <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Dry-run: nothing is launched or drained until acting is switched on in the policy.</p>}
    </Section>
  );
}
