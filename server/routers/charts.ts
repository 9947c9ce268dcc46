import { seriesInput } from "@/server/services/lib/chart-range";
import { getPollSeries } from "@/server/services/get-poll-series";
import { getVmStateSeries } from "@/server/services/get-vm-state-series";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const chartsRouter = createRouter({
  vmStates: guardedProcedure("fleet.read").input(seriesInput).query(({ ctx, input }) => getVmStateSeries({ db: ctx.db, input })),
  polls: guardedProcedure("fleet.read").input(seriesInput).query(({ ctx, input }) => getPollSeries({ db: ctx.db, input })),
});
