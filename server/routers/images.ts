import { decideImageVersion, decideImageVersionInput } from "@/server/services/images/decide-image-version";
import { endorseImageVersion, endorseImageVersionInput, revokeImageVersion, revokeImageVersionInput } from "@/server/services/images/endorse-image-version";
import { getEndorser, installEndorser, installEndorserInput } from "@/server/services/images/endorser";
import { getImage, getImageInput } from "@/server/services/images/get-image";
import { importImageList, importImageListInput } from "@/server/services/images/import-image-list";
import { listImageListStatus } from "@/server/services/images/issue-image-lists";
import { addTrustedEndorser, addTrustedEndorserInput, listImportedLists, listTrustedEndorsers, removeTrustedEndorser, removeTrustedEndorserInput } from "@/server/services/images/trusted-endorsers";
import { listImageVersions, listImageVersionsInput } from "@/server/services/images/list-image-versions";
import { listPendingApprovals } from "@/server/services/images/list-pending-approvals";
import { submitImageByUrl, submitImageByUrlInput } from "@/server/services/images/submit-image-version";
import { listDeployments, listDeploymentsInput } from "@/server/services/images/list-deployments";
import { publishImageVersion } from "@/server/services/images/publish-image-version";
import { listVersionRunners, listVersionRunnersInput } from "@/server/services/images/version-runners";
import { publishInput } from "@/server/domain/action-params";
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
  endorse: guardedProcedure("images.endorse")
    .input(endorseImageVersionInput)
    .mutation(({ ctx, input }) => endorseImageVersion({ db: ctx.db, actor: ctx.actor, input })),
  revoke: guardedProcedure("images.revoke")
    .input(revokeImageVersionInput)
    .mutation(({ ctx, input }) => revokeImageVersion({ db: ctx.db, actor: ctx.actor, input })),
  /** Where a version still runs, per cloud: what the revoke dialog offers to drain. */
  runners: guardedProcedure("images.read")
    .input(listVersionRunnersInput)
    .query(({ ctx, input }) => listVersionRunners({ db: ctx.db, input })),
  deployments: guardedProcedure("images.read")
    .input(listDeploymentsInput)
    .query(({ ctx, input }) => listDeployments({ db: ctx.db, input })),
  /** Queues a publish action (the worker uploads); answers with the action's id. */
  publish: guardedProcedure("images.publish")
    .input(publishInput)
    .mutation(({ ctx, input }) => publishImageVersion({ db: ctx.db, actor: ctx.actor, input })),
  /** The served lists' versions and expiry (shifters see them on the overview). */
  lists: guardedProcedure("images.read").query(({ ctx }) => listImageListStatus({ db: ctx.db })),
  endorser: guardedProcedure("endorser.manage").query(({ ctx }) => getEndorser({ db: ctx.db })),
  installEndorser: guardedProcedure("endorser.manage")
    .input(installEndorserInput)
    .mutation(async ({ ctx, input }) => {
      const facts = await installEndorser({ db: ctx.db, actor: ctx.actor, input });
      return { subjectDn: facts.subjectDn, issuerDn: facts.issuerDn, notAfter: facts.notAfter };
    }),
  importList: guardedProcedure("images.import")
    .input(importImageListInput)
    .mutation(({ ctx, input }) => importImageList({ db: ctx.db, actor: ctx.actor, input })),
  trustedEndorsers: guardedProcedure("images.read").query(({ ctx }) => listTrustedEndorsers({ db: ctx.db })),
  importedLists: guardedProcedure("images.read").query(({ ctx }) => listImportedLists({ db: ctx.db })),
  addTrustedEndorser: guardedProcedure("trustedEndorsers.manage")
    .input(addTrustedEndorserInput)
    .mutation(({ ctx, input }) => addTrustedEndorser({ db: ctx.db, actor: ctx.actor, input })),
  removeTrustedEndorser: guardedProcedure("trustedEndorsers.manage")
    .input(removeTrustedEndorserInput)
    .mutation(({ ctx, input }) => removeTrustedEndorser({ db: ctx.db, actor: ctx.actor, input })),
});
