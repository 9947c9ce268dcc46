import { actionRefInput, destroyInput, drainInput, launchInput, retryInput } from "@/server/domain/action-params";
import { cancelAction } from "@/server/services/cancel-action";
import { destroyVms } from "@/server/services/destroy-vms";
import { drainVms } from "@/server/services/drain-vms";
import { actionDetailSchema, getAction } from "@/server/services/get-action";
import { launchVms } from "@/server/services/launch-vms";
import { listActions, listActionsInput } from "@/server/services/list-actions";
import { previewSelection, previewSelectionInput } from "@/server/services/preview-selection";
import { requestResultSchema } from "@/server/services/lib/action-rows";
import { retryAction } from "@/server/services/retry-action";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

/** Operators' requests: each writes an action (and its audit entry) for the worker, and returns its id. */
export const actionsRouter = createRouter({
  launch: guardedProcedure("vms.launch")
    .meta({ openapi: { method: "POST", path: "/actions/launch", tags: ["actions"], summary: "Queue a launch of VMs on one cloud; follow it at /actions/{actionId}" } })
    .input(launchInput)
    .output(requestResultSchema)
    .mutation(({ ctx, input }) => launchVms({ db: ctx.db, actor: ctx.actor, input })),
  drain: guardedProcedure("vms.drain")
    .meta({ openapi: { method: "POST", path: "/actions/drain", tags: ["actions"], summary: "Queue a drain of the VMs named; each is destroyed once idle or at the deadline" } })
    .input(drainInput)
    .output(requestResultSchema)
    .mutation(({ ctx, input }) => drainVms({ db: ctx.db, actor: ctx.actor, input })),
  destroy: guardedProcedure("vms.destroy")
    .meta({ openapi: { method: "POST", path: "/actions/destroy", tags: ["actions"], summary: "Queue the destruction of the VMs named" } })
    .input(destroyInput)
    .output(requestResultSchema)
    .mutation(({ ctx, input }) => destroyVms({ db: ctx.db, actor: ctx.actor, input })),
  retry: guardedProcedure("actions.retry")
    .input(retryInput)
    .mutation(({ ctx, input }) => retryAction({ db: ctx.db, actor: ctx.actor, input })),
  cancel: guardedProcedure("actions.cancel")
    .input(actionRefInput)
    .mutation(({ ctx, input }) => cancelAction({ db: ctx.db, actor: ctx.actor, input })),
  /** What a drain/destroy confirmation names: VMs per cloud and how many run jobs. */
  previewSelection: guardedProcedure("fleet.read")
    .input(previewSelectionInput)
    .query(({ ctx, input }) => previewSelection({ db: ctx.db, input })),
  list: guardedProcedure("fleet.read")
    .input(listActionsInput)
    .query(({ ctx, input }) => listActions({ db: ctx.db, input, me: ctx.actor.id })),
  byId: guardedProcedure("fleet.read")
    .meta({ openapi: { method: "GET", path: "/actions/{actionId}", tags: ["actions"], summary: "One action's status, with every item's progress and error" } })
    .input(actionRefInput)
    .output(actionDetailSchema)
    .query(({ ctx, input }) => getAction({ db: ctx.db, input })),
});
