import { JOB_STATES, type JobState } from "../../domain/vocabulary";
import type { JobStatsBySiteAndResourceType } from "./api-types";

export type JobCounts = Record<JobState, number>;

/** PanDA's job states grouped into the console's; states before dispatch (defined, assigned, waiting, …) are not demand yet. */
const GROUP_OF: Readonly<Record<string, JobState>> = {
  activated: "activated",
  sent: "starting",
  starting: "starting",
  running: "running",
  holding: "holding",
  merging: "holding",
  transferring: "holding",
  finished: "finished",
  failed: "failed",
  closed: "cancelled",
  cancelled: "cancelled",
};

export function emptyJobCounts(): JobCounts {
  return Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as JobCounts;
}

/** Sums each site's resource types into one count per console state. */
export function mapJobStats(data: JobStatsBySiteAndResourceType): Map<string, JobCounts> {
  const out = new Map<string, JobCounts>();
  for (const [site, byResourceType] of Object.entries(data)) {
    const counts = emptyJobCounts();
    for (const byStatus of Object.values(byResourceType)) {
      for (const [status, n] of Object.entries(byStatus)) {
        const group = GROUP_OF[status];
        if (group) counts[group] += n;
      }
    }
    out.set(site, counts);
  }
  return out;
}
