import { z } from "zod";
import { getCurrentPolicy, listCloudOffers, queueRefInput, updateAutoscalePolicy, updatePolicyInput } from "@/server/services/autoscale-policies";
import { getAutoscalePause, setAutoscalePause, setAutoscalePauseInput } from "@/server/services/autoscale-pause";
import { getAutoscalePlan } from "@/server/services/get-autoscale-plan";
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
  /** The policy in force, or null when the queue has none yet. */
  policy: guardedProcedure("queues.read")
    .input(queueRefInput)
    .query(({ ctx, input }) => getCurrentPolicy({ db: ctx.db, input })),
  /** The clouds a policy may name, with their images and flavors. */
  cloudOffers: guardedProcedure("queues.read").query(({ ctx }) => listCloudOffers({ db: ctx.db })),
  updatePolicy: guardedProcedure("autoscale.edit")
    .input(updatePolicyInput)
    .mutation(({ ctx, input }) => updateAutoscalePolicy({ db: ctx.db, actor: ctx.actor, input })),
  /** The global pause, shown on every page while on. */
  pause: guardedProcedure("queues.read").query(({ ctx }) => getAutoscalePause({ db: ctx.db })),
  setPause: guardedProcedure("autoscale.pause")
    .input(setAutoscalePauseInput)
    .mutation(({ ctx, input }) => setAutoscalePause({ db: ctx.db, actor: ctx.actor, input })),
  /** What the autoscaler would do now for this queue, and why. */
  plan: guardedProcedure("queues.read")
    .input(queueRefInput)
    .query(async ({ ctx, input }) => (await getAutoscalePlan({ db: ctx.db })).filter((d) => d.queueId === input.queueId)),
});
