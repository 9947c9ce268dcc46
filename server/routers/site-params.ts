import { checkSiteParams, checkSiteParamsInput } from "@/server/services/check-site-params";
import { cloudRefInput, getCurrentSiteParams } from "@/server/services/get-site-params";
import { listSiteParamHistory, siteParamHistoryInput } from "@/server/services/list-site-param-history";
import { previewContext, previewContextInput } from "@/server/services/preview-context";
import { revertSiteParams, revertSiteParamsInput } from "@/server/services/revert-site-params";
import { updateSiteParams, updateSiteParamsInput } from "@/server/services/update-site-params";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const siteParamsRouter = createRouter({
  /** The version in force, or null when the cloud has none yet. */
  get: guardedProcedure("fleet.read")
    .input(cloudRefInput)
    .query(async ({ ctx, input }) => {
      const current = await getCurrentSiteParams({ db: ctx.db, input });
      return current && { version: current.version, params: current.params, createdAt: current.createdAt, createdByName: current.createdByName };
    }),
  history: guardedProcedure("fleet.read")
    .input(siteParamHistoryInput)
    .query(({ ctx, input }) => listSiteParamHistory({ db: ctx.db, input })),
  update: guardedProcedure("siteParams.edit")
    .input(updateSiteParamsInput)
    .mutation(({ ctx, input }) => updateSiteParams({ db: ctx.db, actor: ctx.actor, input })),
  /** Version n's parameters saved again as a new version. */
  revert: guardedProcedure("siteParams.edit")
    .input(revertSiteParamsInput)
    .mutation(({ ctx, input }) => revertSiteParams({ db: ctx.db, actor: ctx.actor, input })),
  preview: guardedProcedure("fleet.read")
    .input(previewContextInput)
    .query(({ ctx, input }) => previewContext({ db: ctx.db, input })),
  /** Field-level messages for a draft, without saving it. */
  validate: guardedProcedure("fleet.read")
    .input(checkSiteParamsInput)
    .query(({ input }) => checkSiteParams({ input })),
});
