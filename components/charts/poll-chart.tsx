"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatLatency } from "@/components/format/format-number";
import { formatUtc, formatUtcTick } from "@/components/format/format-time";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import type { ChartRange } from "@/server/services/lib/chart-range";
import { CHART_HEIGHT, ChartFrame } from "./chart-frame";
import { CHART_RANGE_LABELS, isMultiDay } from "./chart-range";
import { TOOLTIP_STYLE } from "./tooltip-style";

const LATENCY_COLOR = "#0ea5e9";
const ERROR_COLOR = "#ef4444";

/** Cloud API health: mean poll latency as a line, failed polls as bars on their own axis. */
export function PollChart({ range, cloudId }: { range: ChartRange; cloudId?: number }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.charts.polls.queryOptions({ range, cloudId }, { refetchInterval: LIVE_REFETCH_MS, placeholderData: keepPreviousData }),
  );
  return (
    <ChartFrame
      title="Cloud API latency and errors"
      query={query}
      emptyText={`No polls in the last ${CHART_RANGE_LABELS[range]} yet.`}
      describe={({ points }) => {
        const errors = points.reduce((n, p) => n + p.errors, 0);
        const polls = points.reduce((n, p) => n + p.polls, 0);
        const last = points.at(-1);
        return `${formatCount(errors)} failed of ${formatCount(polls)} polls; latest latency ${formatLatency(last?.latencyMs ?? null)}.`;
      }}
    >
      {(data) => (
        <ComposedChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data.points} margin={{ top: 4, right: 0, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
          <XAxis
            dataKey="ts"
            type="number"
            scale="time"
            domain={[data.from, data.to]}
            tickFormatter={(ts: number) => formatUtcTick(ts, isMultiDay(range))}
            stroke="currentColor"
            fontSize={11}
          />
          <YAxis yAxisId="latency" width={60} stroke="currentColor" fontSize={11} tickFormatter={(ms: number) => formatLatency(ms)} />
          <YAxis yAxisId="errors" orientation="right" allowDecimals={false} width={32} stroke="currentColor" fontSize={11} />
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(ts) => formatUtc(Number(ts))}
            formatter={(value, name) =>
              name === "latency" ? formatLatency(typeof value === "number" ? value : null) : value
            }
          />
          <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
          <Bar yAxisId="errors" dataKey="errors" name="errors" fill={ERROR_COLOR} isAnimationActive={false} />
          <Line
            yAxisId="latency"
            dataKey="latencyMs"
            name="latency"
            stroke={LATENCY_COLOR}
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
