import { z } from "zod";

/** Every v1 reply: `{"success","message","data"}`; `data` is checked per endpoint. */
export const pandaEnvelope = z.object({
  success: z.boolean(),
  message: z.string().nullish(),
  data: z.unknown(),
});

const jobCount = z.number().int().nonnegative();

/** `job_stats_by_site_and_resource_type`: `{site: {resource_type: {jobStatus: n}}}`. */
export const jobStatsBySiteAndResourceType = z.record(z.string().min(1), z.record(z.string(), z.record(z.string(), jobCount)));
export type JobStatsBySiteAndResourceType = z.infer<typeof jobStatsBySiteAndResourceType>;
