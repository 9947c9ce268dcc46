import { decideImageVersion, decideImageVersionInput } from "@/server/services/images/decide-image-version";
import { getImage, getImageInput } from "@/server/services/images/get-image";
import { listImageVersions, listImageVersionsInput } from "@/server/services/images/list-image-versions";
import { listPendingApprovals } from "@/server/services/images/list-pending-approvals";
import { submitImageByUrl, submitImageByUrlInput } from "@/server/services/images/submit-image-version";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const imagesRouter = createRouter({
  list: guardedProcedure("images.read")
    .input(listImageVersionsInput)
    .query(({ ctx, input }) => listImageVersions({ db: ctx.db, input })),
  get: guardedProcedure("images.read")
    .input(getImageInput)
    .query(({ ctx, input }) => getImage({ db: ctx.db, input })),
  pendingApprovals: guardedProcedure("images.read").query(({ ctx }) => listPendingApprovals({ db: ctx.db })),
  submitByUrl: guardedProcedure("images.submit")
    .input(submitImageByUrlInput)
    .mutation(({ ctx, input }) => submitImageByUrl({ db: ctx.db, actor: ctx.actor, input })),
  decide: guardedProcedure("images.approve")
    .input(decideImageVersionInput)
    .mutation(({ ctx, input }) => decideImageVersion({ db: ctx.db, actor: ctx.actor, input })),
});
