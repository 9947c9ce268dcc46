import { createApiToken, createApiTokenInput } from "@/server/services/create-api-token";
import { listApiTokens, listApiTokensInput } from "@/server/services/list-api-tokens";
import { revokeApiToken, revokeApiTokenInput } from "@/server/services/revoke-api-token";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const tokensRouter = createRouter({
  list: guardedProcedure("tokens.manage")
    .input(listApiTokensInput)
    .query(({ ctx, input }) => listApiTokens({ db: ctx.db, actor: ctx.actor, input })),
  create: guardedProcedure("tokens.manage")
    .input(createApiTokenInput)
    .mutation(({ ctx, input }) => createApiToken({ db: ctx.db, actor: ctx.actor, input })),
  revoke: guardedProcedure("tokens.manage")
    .input(revokeApiTokenInput)
    .mutation(({ ctx, input }) => revokeApiToken({ db: ctx.db, actor: ctx.actor, input })),
});
