import { and, eq, isNull, lt, or } from "drizzle-orm";
import { changedRows, type Db } from "@/db/client";
import { apiToken } from "@/db/schema";
import type { Actor } from "./lib/actor";
import { recordAudit } from "./record-audit";

/**
 * A token's reads are audited once per window, not once per call: a Grafana panel polling
 * every 10 s would otherwise write 360 rows an hour and bury every change in the log. The
 * first read of each window is written (which procedure, from where); the token's last use
 * stays on its row for the settings page.
 */
export const TOKEN_READ_AUDIT_WINDOW_MS = 60 * 60 * 1000;

/** Audits a read made with an API token, unless one of its reads was audited within the window. */
export async function recordTokenRead({ db, actor, procedure, now = new Date() }: { db: Db; actor: Actor; procedure: string; now?: Date }): Promise<void> {
  const tokenId = actor.tokenId;
  if (!tokenId) return;
  await db.transaction(async (tx) => {
    // A conditional update claims the window, so web processes side by side write it once.
    const due = or(isNull(apiToken.readAuditedAt), lt(apiToken.readAuditedAt, new Date(now.getTime() - TOKEN_READ_AUDIT_WINDOW_MS)));
    const claimed = changedRows(await tx.update(apiToken).set({ readAuditedAt: now }).where(and(eq(apiToken.id, tokenId), due)).run());
    if (claimed === 0) return;
    const summary = `read ${procedure.slice(0, 80)} (further reads with this token in the next hour are not logged one by one)`;
    await recordAudit(tx, actor, { verb: "tokens.read", targetType: "api_token", targetId: tokenId, summary }, now);
  });
}
