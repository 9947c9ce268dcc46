import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, cloudImage, flavor, pollLog, pollState, vm } from "@/db/schema";
import { scoreCloudHealth } from "../domain/health";
import { cloudDetailColumns } from "./lib/cloud-columns";
import { ServiceError } from "./lib/errors";
import { listQuotaUseByCloud } from "./lib/quota-use";
import { POLL_STATUS_COLUMNS, readHealthInput } from "./read-health-input";
import { createEmptyTally, tallyVmsByCloud } from "./lib/vm-tally";

export const RECENT_POLLS_LIMIT = 100;
export const RECENT_ERRORS_LIMIT = 20;

export const getCloudDetailInput = z.object({ id: z.number().int().positive() });
export type GetCloudDetailInput = z.infer<typeof getCloudDetailInput>;

/** One cloud's page: configuration (never its credentials), inventory, and API health. */
export async function getCloudDetail({ db, input, now = new Date() }: { db: Db; input: GetCloudDetailInput; now?: Date }) {
  const [found] = await db.select(cloudDetailColumns).from(cloud).where(eq(cloud.id, input.id));
  if (!found) throw new ServiceError("NOT_FOUND", `Cloud ${input.id} does not exist`);

  const [tallies, quotas, flavors, images, polls, recentPolls, recentPollErrors, recentVmErrors, healthInput] = await Promise.all([
    tallyVmsByCloud(db, found.id),
    listQuotaUseByCloud(db, found.id),
    db
      .select({ providerId: flavor.providerId, name: flavor.name, vcpus: flavor.vcpus, ramMb: flavor.ramMb, diskGb: flavor.diskGb, seenAt: flavor.seenAt })
      .from(flavor)
      .where(eq(flavor.cloudId, found.id))
      .orderBy(asc(flavor.vcpus), asc(flavor.ramMb), asc(flavor.name), asc(flavor.providerId)),
    db
      .select({
        providerId: cloudImage.providerId,
        name: cloudImage.name,
        status: cloudImage.status,
        os: cloudImage.os,
        sizeBytes: cloudImage.sizeBytes,
        checksum: cloudImage.checksum,
        seenAt: cloudImage.seenAt,
      })
      .from(cloudImage)
      .where(eq(cloudImage.cloudId, found.id))
      .orderBy(asc(cloudImage.name), asc(cloudImage.providerId)),
    db
      .select({ resource: pollState.resource, ...POLL_STATUS_COLUMNS, nextDueAt: pollState.nextDueAt })
      .from(pollState)
      .where(eq(pollState.cloudId, found.id))
      .orderBy(asc(pollState.resource)),
    selectPollLog(db, found.id, RECENT_POLLS_LIMIT),
    selectPollLog(db, found.id, RECENT_ERRORS_LIMIT, false),
    db
      .select({ id: vm.id, name: vm.name, rawState: vm.rawState, lastError: vm.lastError, stateChangedAt: vm.stateChangedAt })
      .from(vm)
      .where(and(eq(vm.cloudId, found.id), eq(vm.state, "error")))
      .orderBy(desc(vm.stateChangedAt), desc(vm.id))
      .limit(RECENT_ERRORS_LIMIT),
    readHealthInput(db, found.id, now),
  ]);

  return {
    cloud: found,
    ...(tallies.get(found.id) ?? createEmptyTally()),
    quotas: quotas.get(found.id) ?? [],
    flavors,
    images,
    polls,
    recentPolls,
    recentPollErrors,
    recentVmErrors,
    /** What the status is judged on, each with its value, threshold and since when. */
    signals: healthInput ? (scoreCloudHealth(healthInput).signals ?? []) : [],
  };
}

/** Newest poll_log entries first, read backwards along the (cloud_id, at) index. */
function selectPollLog(db: Db, cloudId: number, limit: number, ok?: boolean) {
  return db
    .select({ id: pollLog.id, resource: pollLog.resource, at: pollLog.at, ok: pollLog.ok, latencyMs: pollLog.latencyMs, error: pollLog.error })
    .from(pollLog)
    .where(and(eq(pollLog.cloudId, cloudId), ok === undefined ? undefined : eq(pollLog.ok, ok)))
    .orderBy(desc(pollLog.at), desc(pollLog.id))
    .limit(limit);
}

export type CloudDetail = Awaited<ReturnType<typeof getCloudDetail>>;
