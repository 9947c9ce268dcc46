import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInThrottle } from "@/db/schema";
import { buildThrottleKeys, computeAttemptWaitMs, countRunFailures, type ThrottleKeys, type ThrottleRecord } from "@/server/domain/sign-in-delay";

export type SignInReservation = { ok: true; keys: ThrottleKeys; username: string } | { ok: false; retryAfterMs: number };

/** How better-auth answered: a wrong password (401) keeps the failure, a sign-in clears it, anything else withdraws it. */
export type SignInOutcome = "wrong-password" | "signed-in" | "refused";

function listKeys(keys: ThrottleKeys): string[] {
  return [keys.user, keys.pair, keys.address].filter((k): k is string => k !== null);
}

/**
 * Lets a sign-in attempt through if no delay applies, counting it as a failure from that
 * moment (so parallel guesses cannot overrun the delay); otherwise says how long to wait.
 */
export async function reserveSignInAttempt({ db, username, address, now }: { db: Db; username: string; address: string | null; now: number }): Promise<SignInReservation> {
  const keys = buildThrottleKeys(username, address);
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(signInThrottle).where(inArray(signInThrottle.key, listKeys(keys))).all();
    const records = new Map<string, ThrottleRecord>(rows.map((r) => [r.key, r]));
    const wait = computeAttemptWaitMs(keys, records, now);
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    for (const key of listKeys(keys)) {
      const failures = countRunFailures(records.get(key), now) + 1;
      await tx
        .insert(signInThrottle)
        .values({ key, username: key === keys.address ? null : username, failures, lastFailureAt: now })
        .onConflictDoUpdate({ target: signInThrottle.key, set: { failures, lastFailureAt: now } })
        .run();
    }
    return { ok: true, keys, username };
  });
}

/** Records better-auth's answer to an attempt `reserveSignInAttempt` let through. */
export async function settleSignInAttempt({ db, reservation, outcome, now }: { db: Db; reservation: Extract<SignInReservation, { ok: true }>; outcome: SignInOutcome; now: number }): Promise<void> {
  if (outcome === "wrong-password") return;
  const { keys } = reservation;
  const withdrawn = outcome === "signed-in" ? [keys.user, keys.address] : listKeys(keys);
  await db.transaction(async (tx) => {
    const some = withdrawn.filter((k): k is string => k !== null);
    if (some.length > 0) {
      await tx
        .update(signInThrottle)
        .set({ failures: sql`case when ${signInThrottle.failures} > 0 then ${signInThrottle.failures} - 1 else 0 end` })
        .where(inArray(signInThrottle.key, some))
        .run();
    }
    if (outcome === "signed-in" && keys.pair) {
      await tx.update(signInThrottle).set({ failures: 0, lastSuccessAt: now }).where(inArray(signInThrottle.key, [keys.pair])).run();
    }
  });
}
