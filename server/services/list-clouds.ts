import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import { cloudSummaryColumns } from "./lib/cloud-columns";

/** Every cloud with its status, by name: for navigation and filter choices. */
export async function listClouds({ db }: { db: Db }) {
  return db.select(cloudSummaryColumns).from(cloud).orderBy(asc(cloud.name));
}

export type CloudSummary = Awaited<ReturnType<typeof listClouds>>[number];
