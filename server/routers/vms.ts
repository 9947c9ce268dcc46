import { getVm, getVmInput } from "@/server/services/get-vm";
import { listVmFilterOptions, listVmFilterOptionsInput } from "@/server/services/list-vm-filter-options";
import { listMatchingVmIds, listMatchingVmIdsInput } from "@/server/services/list-matching-vm-ids";
import { listVms, listVmsInput } from "@/server/services/list-vms";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const vmsRouter = createRouter({
  list: guardedProcedure("fleet.read").input(listVmsInput).query(({ ctx, input }) => listVms({ db: ctx.db, input })),
  matchingIds: guardedProcedure("fleet.read")
    .input(listMatchingVmIdsInput)
    .query(({ ctx, input }) => listMatchingVmIds({ db: ctx.db, input })),
  byId: guardedProcedure("fleet.read").input(getVmInput).query(({ ctx, input }) => getVm({ db: ctx.db, input })),
  filterOptions: guardedProcedure("fleet.read")
    .input(listVmFilterOptionsInput)
    .query(({ ctx, input }) => listVmFilterOptions({ db: ctx.db, input })),
});
