import { listVmFilterOptions, listVmFilterOptionsInput } from "@/server/services/list-vm-filter-options";
import { listVms, listVmsInput } from "@/server/services/list-vms";
import { createRouter, publicProcedure } from "@/server/trpc/init";

export const vmsRouter = createRouter({
  list: publicProcedure.input(listVmsInput).query(({ ctx, input }) => listVms({ db: ctx.db, input })),
  filterOptions: publicProcedure
    .input(listVmFilterOptionsInput)
    .query(({ ctx, input }) => listVmFilterOptions({ db: ctx.db, input })),
});
