import { cloud } from "@/db/schema";

/**
 * The cloud columns a client may see. Every read service selects through these so that
 * credentials_enc can never reach a reply by accident.
 */
export const cloudSummaryColumns = {
  id: cloud.id,
  name: cloud.name,
  kind: cloud.kind,
  region: cloud.region,
  enabled: cloud.enabled,
  paused: cloud.paused,
  /** Why an operator paused or disabled it. */
  operatorReason: cloud.operatorReason,
  status: cloud.status,
  statusReason: cloud.statusReason,
  statusSince: cloud.statusSince,
};

export const cloudDetailColumns = {
  ...cloudSummaryColumns,
  endpoint: cloud.endpoint,
  contextMethod: cloud.contextMethod,
  costPerCoreHour: cloud.costPerCoreHour,
  pollVmsSec: cloud.pollVmsSec,
  pollLimitsSec: cloud.pollLimitsSec,
  pollImagesSec: cloud.pollImagesSec,
  timeoutMs: cloud.timeoutMs,
  demo: cloud.demo,
  createdAt: cloud.createdAt,
};
