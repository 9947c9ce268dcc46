"use client";

import { useSearchParams } from "next/navigation";
import { Section } from "@/components/layout/section";
import { parseChartRange } from "./chart-range";
import { PollChart } from "./poll-chart";
import { RangeSelector } from "./range-selector";
import { VmStateChart } from "./vm-state-chart";

/** The two time-series panels with their range selector; all clouds, or one. */
export function FleetCharts({ cloudId }: { cloudId?: number }) {
  const range = parseChartRange(useSearchParams().get("range"));
  return (
    <Section title="History" actions={<RangeSelector range={range} />}>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <VmStateChart range={range} cloudId={cloudId} />
        <PollChart range={range} cloudId={cloudId} />
      </div>
    </Section>
  );
}
