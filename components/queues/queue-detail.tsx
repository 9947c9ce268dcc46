"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { QueueJobsCharts } from "@/components/charts/queue-jobs-chart";
import { RangeSelector } from "@/components/charts/range-selector";
import { FieldList } from "@/components/layout/field-list";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { JOB_STATE_LABELS, JOB_STATES } from "@/server/domain/vocabulary";
import type { ChartRange } from "@/server/services/lib/chart-range";
import { formatFailureRate, QueuePollStatus } from "./queue-poll-status";

/** One queue: its jobs by state now, PanDA's poll status, the clouds serving it, and its charts. */
export function QueueDetail({ name, range, children }: { name: string; range: ChartRange; children?: ReactNode }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.queues.byName.queryOptions({ name }, { refetchInterval: LIVE_REFETCH_MS }));
  if (!query.data) return query.error ? <QueryError what={`queue ${name}`} error={query.error} onRetry={() => void query.refetch()} /> : null;
  const q = query.data;
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-bold">{q.name}</h1>
      <Section title="Jobs by state">
        <dl aria-label="Jobs by state" className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4 lg:grid-cols-8">
          {JOB_STATES.map((s) => (
            <div key={s} className="rounded border border-zinc-200 px-2 py-1 dark:border-zinc-800">
              <dt className="text-xs text-zinc-600 dark:text-zinc-400">{JOB_STATE_LABELS[s]}</dt>
              <dd className="font-semibold tabular-nums">{q.jobs[s]}</dd>
            </div>
          ))}
          <div className="rounded border border-zinc-200 px-2 py-1 dark:border-zinc-800">
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">failure rate</dt>
            <dd className="font-semibold tabular-nums">{formatFailureRate(q.failureRate)}</dd>
          </div>
        </dl>
        <FieldList
          fields={[
            { label: "Counted", value: <RelativeTime at={q.countedAt} /> },
            { label: "PanDA poll", value: <QueuePollStatus queue={q} /> },
            {
              label: "Served by",
              value:
                q.clouds.length === 0
                ? "no cloud"
                : q.clouds.map((c, i) => (
                    <span key={c.id}>
                      {i > 0 && ", "}
                      <Link href={`/clouds/${c.id}`} className="text-sky-700 underline dark:text-sky-400">
                        {c.name}
                      </Link>
                    </span>
                  )),
            },
            { label: "Live VMs", value: q.liveVms },
          ]}
        />
      </Section>
      <Section title="Jobs over time" actions={<RangeSelector range={range} />}>
        <QueueJobsCharts range={range} queueId={q.id} />
      </Section>
      {children}
    </div>
  );
}
