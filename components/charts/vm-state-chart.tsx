"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatAverage } from "@/components/format/format-number";
import { formatUtc, formatUtcTick } from "@/components/format/format-time";
import { VM_STATE_LOOK } from "@/components/status/vm-states";
import { SAMPLED_VM_STATES } from "@/server/domain/vocabulary";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import type { ChartRange } from "@/server/services/lib/chart-range";
import { CHART_HEIGHT, ChartFrame } from "./chart-frame";
import { CHART_RANGE_LABELS, isMultiDay } from "./chart-range";
import { sortByStackOrder } from "./stack-order";
import { TOOLTIP_STYLE } from "./tooltip-style";

/** VMs stacked by state: the live ones and those lost; terminated ones are history, not load, so they stay off. */
export function VmStateChart({ range, cloudId }: { range: ChartRange; cloudId?: number }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.charts.vmStates.queryOptions({ range, cloudId }, { refetchInterval: LIVE_REFETCH_MS, placeholderData: keepPreviousData }),
  );
  return (
    <ChartFrame
      title="VMs by state"
      query={query}
      emptyText={`No samples in the last ${CHART_RANGE_LABELS[range]} yet.`}
      describe={({ points }) => {
        const last = points.at(-1);
        if (!last) return "No data.";
        return `Latest ${formatUtc(last.ts)}: ${SAMPLED_VM_STATES.map((s) => `${s} ${formatAverage(last[s])}`).join(", ")}.`;
      }}
    >
      {(data) => (
        <AreaChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
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
          <YAxis allowDecimals={false} width={44} stroke="currentColor" fontSize={11} />
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(ts) => formatUtc(Number(ts))}
            formatter={(value) => (typeof value === "number" ? formatAverage(value) : value)}
            itemSorter={sortByStackOrder(SAMPLED_VM_STATES)}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
          {SAMPLED_VM_STATES.map((state) => (
            <Area
              key={state}
              type="monotone"
              dataKey={state}
              stackId="vms"
              stroke={VM_STATE_LOOK[state].color}
              fill={VM_STATE_LOOK[state].color}
              fillOpacity={0.55}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      )}
    </ChartFrame>
  );
}
