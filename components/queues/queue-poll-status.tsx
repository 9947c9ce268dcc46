"use client";

import { RelativeTime } from "@/components/time/relative-time";
import type { QueueSummary } from "@/server/services/list-queues";

export function formatFailureRate(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(1)} %`;
}

/** Like a cloud's poll status: ok with its latency, or the last error PanDA gave and since when. */
export function QueuePollStatus({ queue }: { queue: Pick<QueueSummary, "poll"> }) {
  const { poll } = queue;
  if (poll.lastAttemptAt === null) return <span className="text-zinc-500">not polled yet</span>;
  if (poll.consecutiveFailures > 0) {
    return (
      <span className="text-red-700 dark:text-red-400">
        failing ({poll.consecutiveFailures} in a row): {poll.lastError}
      </span>
    );
  }
  return (
    <span>
      ok, {poll.lastLatencyMs} ms, <RelativeTime at={poll.lastAttemptAt} />
      {poll.lastError && (
        <span className="block text-zinc-500">
          last error <RelativeTime at={poll.lastErrorAt} />: {poll.lastError}
        </span>
      )}
    </span>
  );
}
