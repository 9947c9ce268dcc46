import { getCloudDetail, getCloudDetailInput } from "@/server/services/get-cloud-detail";
import { listClouds } from "@/server/services/list-clouds";
import { createRouter, publicProcedure } from "@/server/trpc/init";

export const cloudsRouter = createRouter({
  list: publicProcedure.query(({ ctx }) => listClouds({ db: ctx.db })),
  byId: publicProcedure.input(getCloudDetailInput).query(({ ctx, input }) => getCloudDetail({ db: ctx.db, input })),
});
