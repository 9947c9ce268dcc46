import { asc } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import { CLOUD_KINDS, CLOUD_STATUSES } from "@/server/domain/vocabulary";
import { cloudSummaryColumns } from "./lib/cloud-columns";
import { timeField } from "./lib/reply-fields";

/** One cloud as lists show it (the REST API documents its replies with this). */
export const cloudSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(CLOUD_KINDS),
  region: z.string().nullable(),
  enabled: z.boolean(),
  paused: z.boolean(),
  operatorReason: z.string().nullable(),
  status: z.enum(CLOUD_STATUSES),
  statusReason: z.string().nullable(),
  statusSince: timeField.nullable(),
});
export const listCloudsOutput = z.array(cloudSummarySchema);

/** Every cloud with its status, by name: for navigation and filter choices. */
export async function listClouds({ db }: { db: Db }) {
  return db.select(cloudSummaryColumns).from(cloud).orderBy(asc(cloud.name));
}

export type CloudSummary = Awaited<ReturnType<typeof listClouds>>[number];
