import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pollState } from "@/db/schema";
import type { PollResource } from "@/server/domain/vocabulary";

/** How many polls of this resource have failed in a row so far (0 before the first failure). */
export async function countPollFailures({ db, input }: { db: Db; input: { cloudId: number; resource: PollResource } }): Promise<number> {
  const row = await db
    .select({ n: pollState.consecutiveFailures })
    .from(pollState)
    .where(and(eq(pollState.cloudId, input.cloudId), eq(pollState.resource, input.resource)))
    .get();
  return row?.n ?? 0;
}
