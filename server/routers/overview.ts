import { getRecentOverview } from "@/server/services/get-overview";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const overviewRouter = createRouter({
  get: guardedProcedure("fleet.read").query(({ ctx }) => getRecentOverview({ db: ctx.db })),
});
