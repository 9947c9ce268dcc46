import { jobStatsBySiteAndResourceType } from "./api-types";
import { getPanda, type PandaClientOptions } from "./client";
import { mapJobStats, type JobCounts } from "./mapper";

/** Final states (finished, failed, cancelled) are counted over this window: the hour before the poll. */
export const FINAL_STATES_WINDOW_MIN = 60;

/** Reads PanDA's job statistics: one call answers for every queue (PanDA calls them sites). */
export interface PandaDriver {
  fetchQueueJobCounts(signal?: AbortSignal): Promise<Map<string, JobCounts>>;
}

export function createPandaDriver(options: PandaClientOptions): PandaDriver {
  return {
    async fetchQueueJobCounts(signal) {
      const data = await getPanda(options, `statistics/job_stats_by_site_and_resource_type?time_window=${FINAL_STATES_WINDOW_MIN}`, jobStatsBySiteAndResourceType, signal);
      return mapJobStats(data);
    },
  };
}
