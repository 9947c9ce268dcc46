import { checkHealth } from "@/server/services/check-health";
import { createRouter, publicProcedure } from "@/server/trpc/init";

/**
 * Behind /api/health only (not merged into the app router): anonymous by design, for
 * load balancers, so it is not also offered on /api/trpc.
 */
export const healthRouter = createRouter({
  get: publicProcedure.query(({ ctx }) => checkHealth({ db: ctx.db, input: { now: new Date() } })),
});
