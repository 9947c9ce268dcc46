import { getVm, getVmInput } from "@/server/services/get-vm";
import { listVmFilterOptions, listVmFilterOptionsInput } from "@/server/services/list-vm-filter-options";
import { listMatchingVmIds, listMatchingVmIdsInput } from "@/server/services/list-matching-vm-ids";
import { listVms, listVmsInput, listVmsOutput } from "@/server/services/list-vms";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const vmsRouter = createRouter({
  list: guardedProcedure("fleet.read")
    .meta({ openapi: { method: "GET", path: "/vms", tags: ["vms"], summary: "One page of VMs across clouds, filtered and sorted", description: "Repeat `states` to ask for several states." } })
    .input(listVmsInput)
    .output(listVmsOutput)
    .query(({ ctx, input }) => listVms({ db: ctx.db, input })),
  matchingIds: guardedProcedure("fleet.read")
    .input(listMatchingVmIdsInput)
    .query(({ ctx, input }) => listMatchingVmIds({ db: ctx.db, input })),
  byId: guardedProcedure("fleet.read").input(getVmInput).query(({ ctx, input }) => getVm({ db: ctx.db, input })),
  filterOptions: guardedProcedure("fleet.read")
    .input(listVmFilterOptionsInput)
    .query(({ ctx, input }) => listVmFilterOptions({ db: ctx.db, input })),
});
