import { createRouter } from "@/server/trpc/init";
import { actionsRouter } from "./actions";
import { alertsRouter } from "./alerts";
import { auditRouter } from "./audit";
import { chartsRouter } from "./charts";
import { cloudControlsRouter } from "./cloud-controls";
import { cloudsRouter } from "./clouds";
import { imagesRouter } from "./images";
import { overviewRouter } from "./overview";
import { siteParamsRouter } from "./site-params";
import { sessionRouter } from "./session";
import { tokensRouter } from "./tokens";
import { usersRouter } from "./users";
import { vmsRouter } from "./vms";
import { workersRouter } from "./workers";
import { queuesRouter } from "./queues";

export const appRouter = createRouter({
  overview: overviewRouter,
  clouds: cloudsRouter,
  vms: vmsRouter,
  charts: chartsRouter,
  audit: auditRouter,
  siteParams: siteParamsRouter,
  session: sessionRouter,
  users: usersRouter,
  actions: actionsRouter,
  cloudControls: cloudControlsRouter,
  workers: workersRouter,
  images: imagesRouter,
  tokens: tokensRouter,
  queues: queuesRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
