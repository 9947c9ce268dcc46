"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatAverage } from "@/components/format/format-number";
import { formatUtc, formatUtcTick } from "@/components/format/format-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import type { ChartRange } from "@/server/services/lib/chart-range";
import type { QueueJobSeries } from "@/server/services/get-queue-job-series";
import { CHART_HEIGHT, ChartFrame } from "./chart-frame";
import { CHART_RANGE_LABELS, isMultiDay } from "./chart-range";
import { TOOLTIP_STYLE } from "./tooltip-style";

type Key = "activated" | "running" | "finished" | "failed";
const COLORS: Record<Key, string> = { activated: "#d97706", running: "#0284c7", finished: "#16a34a", failed: "#dc2626" };

/** A queue's demand against its throughput, on one time axis: activated vs running, and finished vs failed per hour. */
export function QueueJobsCharts({ range, queueId }: { range: ChartRange; queueId: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.queues.jobSeries.queryOptions({ range, queueId }, { refetchInterval: LIVE_REFETCH_MS, placeholderData: keepPreviousData }));
  const empty = `No samples in the last ${CHART_RANGE_LABELS[range]} yet.`;
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <ChartFrame title="Activated vs running jobs" query={query} emptyText={empty} describe={(d) => describeLatest(d, ["activated", "running"])}>
        {(data) => (
          <LineChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <Axes data={data} range={range} />
            {(["activated", "running"] as const).map((k) => (
              <Line key={k} type="monotone" dataKey={k} stroke={COLORS[k]} dot={false} strokeWidth={2} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ChartFrame>
      <ChartFrame title="Finished vs failed jobs per hour" query={query} emptyText={empty} describe={(d) => describeLatest(d, ["finished", "failed"])}>
        {(data) => (
          <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <Axes data={data} range={range} />
            {(["finished", "failed"] as const).map((k) => (
              <Bar key={k} dataKey={k} stackId="ended" fill={COLORS[k]} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ChartFrame>
    </div>
  );
}

/** Grid, the shared time axis, counts and tooltip: the two charts read against each other minute by minute. */
function Axes({ data, range }: { data: QueueJobSeries; range: ChartRange }) {
  return (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
      <XAxis dataKey="ts" type="number" scale="time" domain={[data.from, data.to]} tickFormatter={(ts: number) => formatUtcTick(ts, isMultiDay(range))} stroke="currentColor" fontSize={11} />
      <YAxis allowDecimals={false} width={44} stroke="currentColor" fontSize={11} />
      <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(ts) => formatUtc(Number(ts))} formatter={(value) => (typeof value === "number" ? formatAverage(value) : value)} />
      <Legend wrapperStyle={{ fontSize: 11 }} />
    </>
  );
}

function describeLatest(data: QueueJobSeries, keys: readonly Key[]): string {
  const last = data.points.at(-1);
  if (!last) return "No data.";
  return `Latest ${formatUtc(last.ts)}: ${keys.map((k) => `${k} ${formatAverage(last[k])}`).join(", ")}.`;
}
