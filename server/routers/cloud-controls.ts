import { enableCloudInput, pauseCloudInput } from "@/server/domain/action-params";
import { setCloudEnabled } from "@/server/services/set-cloud-enabled";
import { setCloudPaused } from "@/server/services/set-cloud-paused";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

/** Immediate changes to a cloud's availability, with the operator's reason (shown on its card, audited). */
export const cloudControlsRouter = createRouter({
  setPaused: guardedProcedure("clouds.pause")
    .input(pauseCloudInput)
    .mutation(({ ctx, input }) => setCloudPaused({ db: ctx.db, actor: ctx.actor, input })),
  setEnabled: guardedProcedure("clouds.disable")
    .input(enableCloudInput)
    .mutation(({ ctx, input }) => setCloudEnabled({ db: ctx.db, actor: ctx.actor, input })),
});
