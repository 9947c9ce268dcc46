import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { alert, alertTransition, cloud } from "@/db/schema";
import type { acknowledgeAlertInput } from "@/server/domain/alert-inputs";
import type { Actor } from "./lib/actor";
import { ServiceError } from "./lib/errors";
import { recordAudit } from "./record-audit";

export type AcknowledgeAlertInput = z.output<typeof acknowledgeAlertInput>;

/** A shifter takes an alert in hand: by whom, with a comment, optionally silenced until a time; audited. */
export function acknowledgeAlert({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: AcknowledgeAlertInput; now?: Date }) {
  return db.transaction(async (tx) => {
    const a = await tx.select({ id: alert.id, state: alert.state, summary: alert.summary, cloudName: cloud.name }).from(alert).innerJoin(cloud, eq(cloud.id, alert.cloudId)).where(eq(alert.id, input.alertId)).get();
    if (!a) throw new ServiceError("NOT_FOUND", `Alert ${input.alertId} does not exist`);
    if (a.state !== "firing") throw new ServiceError("CONFLICT", `Alert ${a.id} is ${a.state}: only a firing alert can be acknowledged`);
    if (input.silenceUntil && input.silenceUntil <= now) throw new ServiceError("BAD_REQUEST", "silenceUntil: must be in the future");
    const silencedUntil = input.silenceUntil ?? null;
    await tx.update(alert).set({ state: "acknowledged", ackBy: actor.name, ackComment: input.comment, ackAt: now, silencedUntil }).where(eq(alert.id, a.id)).run();
    await tx.insert(alertTransition).values({ alertId: a.id, at: now, fromState: "firing", toState: "acknowledged", byName: actor.name, comment: input.comment }).run();
    await recordAudit(
      tx,
      actor,
      {
        verb: "alerts.acknowledge",
        targetType: "alert",
        targetId: a.id,
        summary: `Acknowledged "${a.summary}": ${input.comment}${silencedUntil ? ` (silenced until ${silencedUntil.toISOString()})` : ""}`,
        before: { state: a.state },
        after: { state: "acknowledged", comment: input.comment, silencedUntil },
      },
      now,
    );
    return { alertId: a.id, state: "acknowledged" as const };
  });
}
