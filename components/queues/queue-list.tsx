"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { SimpleTable, type Column } from "@/components/tables/simple-table";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { JOB_STATE_LABELS, JOB_STATES } from "@/server/domain/vocabulary";
import type { QueueSummary } from "@/server/services/list-queues";
import { formatFailureRate, QueuePollStatus } from "./queue-poll-status";

const COLUMNS: Column<QueueSummary>[] = [
  {
    header: "Queue",
    cell: (q) => (
      <Link href={`/queues/${encodeURIComponent(q.name)}`} className="font-medium text-sky-700 underline dark:text-sky-400">
        {q.name}
      </Link>
    ),
  },
  ...JOB_STATES.map((s) => ({ header: JOB_STATE_LABELS[s], cell: (q: QueueSummary) => q.jobs[s], className: "text-right tabular-nums" })),
  { header: "Failure rate", cell: (q) => formatFailureRate(q.failureRate), className: "text-right tabular-nums" },
  { header: "Clouds", cell: (q) => q.clouds.map((c) => c.name).join(", ") || "none" },
  { header: "Live VMs", cell: (q) => q.liveVms, className: "text-right tabular-nums" },
  { header: "Counted", cell: (q) => <RelativeTime at={q.countedAt} /> },
  { header: "PanDA poll", cell: (q) => <QueuePollStatus queue={q} />, className: "min-w-64" },
];

/** Every PanDA queue: jobs by state, failure rate, who serves it and how its last poll went. */
export function QueueList() {
  const trpc = useTRPC();
  const queues = useQuery(trpc.queues.list.queryOptions(undefined, { refetchInterval: LIVE_REFETCH_MS }));
  if (queues.error && !queues.data) return <QueryError what="queues" error={queues.error} onRetry={() => void queues.refetch()} />;
  return (
    <Section title="PanDA queues">
      <SimpleTable label="PanDA queues" columns={COLUMNS} rows={queues.data ?? []} rowKey={(q) => q.id} empty="No PanDA queues are configured." />
    </Section>
  );
}
