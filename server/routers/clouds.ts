import { z } from "zod";
import { getCloudDetail, getCloudDetailInput } from "@/server/services/get-cloud-detail";
import { listClouds, listCloudsOutput } from "@/server/services/list-clouds";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const cloudsRouter = createRouter({
  list: guardedProcedure("fleet.read")
    .meta({ openapi: { method: "GET", path: "/clouds", tags: ["clouds"], summary: "Every cloud with its status, by name" } })
    .input(z.void())
    .output(listCloudsOutput)
    .query(({ ctx }) => listClouds({ db: ctx.db })),
  byId: guardedProcedure("fleet.read").input(getCloudDetailInput).query(({ ctx, input }) => getCloudDetail({ db: ctx.db, input })),
});
