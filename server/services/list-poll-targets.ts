import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, pollState, type PollResource } from "@/db/schema";
import type { DriverConfig } from "../clouds/driver";
import { openSecret } from "../secrets";

export interface PollTarget {
  cloudId: number;
  name: string;
  enabled: boolean;
  driver: DriverConfig;
  intervalsSec: Record<PollResource, number>;
}

const credentialsShape = z.record(z.string(), z.string());

/** The clouds the worker polls, with credentials opened for the drivers (worker only). */
export function listPollTargets({ db, key }: { db: Db; key: Buffer }): PollTarget[] {
  return db
    .select()
    .from(cloud)
    .all()
    .map((c) => ({
      cloudId: c.id,
      name: c.name,
      enabled: c.enabled,
      driver: { kind: c.kind, endpoint: c.endpoint, region: c.region, credentials: credentialsShape.parse(openSecret(key, c.credentialsEnc)), timeoutMs: c.timeoutMs },
      intervalsSec: { vms: c.pollVmsSec, limits: c.pollLimitsSec, images: c.pollImagesSec, flavors: c.pollImagesSec },
    }));
}

/** When each cloud's resources are next due, keyed "cloudId:resource". */
export function listPollSchedule({ db }: { db: Db }): Map<string, Date> {
  const rows = db.select({ cloudId: pollState.cloudId, resource: pollState.resource, nextDueAt: pollState.nextDueAt }).from(pollState).all();
  return new Map(rows.map((r) => [`${r.cloudId}:${r.resource}`, r.nextDueAt]));
}
