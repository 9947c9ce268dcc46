import { getOverview } from "@/server/services/get-overview";
import { createRouter, publicProcedure } from "@/server/trpc/init";

export const overviewRouter = createRouter({
  get: publicProcedure.query(({ ctx }) => getOverview({ db: ctx.db })),
});
