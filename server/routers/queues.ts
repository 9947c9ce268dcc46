import { z } from "zod";
import { getQueueJobSeries, queueSeriesInput } from "@/server/services/get-queue-job-series";
import { getQueue, listQueues } from "@/server/services/list-queues";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

const queueNameInput = z.object({ name: z.string().min(1).max(120) });

export const queuesRouter = createRouter({
  list: guardedProcedure("queues.read").query(({ ctx }) => listQueues({ db: ctx.db })),
  byName: guardedProcedure("queues.read")
    .input(queueNameInput)
    .query(({ ctx, input }) => getQueue({ db: ctx.db, name: input.name })),
  jobSeries: guardedProcedure("queues.read")
    .input(queueSeriesInput)
    .query(({ ctx, input }) => getQueueJobSeries({ db: ctx.db, input })),
});
