import { createRouter } from "@/server/trpc/init";
import { chartsRouter } from "./charts";
import { cloudsRouter } from "./clouds";
import { overviewRouter } from "./overview";
import { vmsRouter } from "./vms";

export const appRouter = createRouter({
  overview: overviewRouter,
  clouds: cloudsRouter,
  vms: vmsRouter,
  charts: chartsRouter,
});

export type AppRouter = typeof appRouter;
