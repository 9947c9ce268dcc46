import { getCloudDetail, getCloudDetailInput } from "@/server/services/get-cloud-detail";
import { listClouds } from "@/server/services/list-clouds";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const cloudsRouter = createRouter({
  list: guardedProcedure("fleet.read").query(({ ctx }) => listClouds({ db: ctx.db })),
  byId: guardedProcedure("fleet.read").input(getCloudDetailInput).query(({ ctx, input }) => getCloudDetail({ db: ctx.db, input })),
});
