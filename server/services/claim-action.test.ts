import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { openTestDb, type Db } from "@/db/client";
import { action } from "@/db/schema";
import { testActor } from "@/server/testing/actors";
import { insertAction } from "./action-rows";
import { claimNextAction, expireLeases, releaseActionForRetry, renewActionLease } from "./claim-action";

const T0 = new Date("2026-05-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
let db: Db;

function queue(key: string, requestedAt = T0): number {
  return db.transaction((tx) =>
    insertAction(tx, { kind: "destroy", idempotencyKey: key, cloudId: null, actor: testActor("operator"), now: requestedAt, params: {}, items: [{ cloudId: 1 }] }),
  );
}

beforeEach(() => {
  db = openTestDb();
});

describe("claiming actions", () => {
  it("gives the oldest due action to exactly one worker and holds it for the lease", () => {
    const older = queue("a", at(0));
    const newer = queue("b", at(1));
    const w1 = claimNextAction({ db, input: { workerId: "w1", now: at(10), leaseMs: 1_000 } });
    expect(w1).toMatchObject({ id: older, status: "running", claimedBy: "w1", attempts: 1, startedAt: at(10), leaseUntil: at(1_010) });
    expect(claimNextAction({ db, input: { workerId: "w2", now: at(20), leaseMs: 1_000 } })!.id).toBe(newer);
    expect(claimNextAction({ db, input: { workerId: "w3", now: at(30), leaseMs: 1_000 } })).toBeNull();
  });

  it("hands a dead worker's action to another once its lease expires, and the dead one cannot renew it", () => {
    const id = queue("a");
    claimNextAction({ db, input: { workerId: "dead", now: at(0), leaseMs: 1_000 } });
    expect(claimNextAction({ db, input: { workerId: "w2", now: at(999), leaseMs: 1_000 } })).toBeNull();
    const taken = claimNextAction({ db, input: { workerId: "w2", now: at(1_001), leaseMs: 1_000 } })!;
    expect(taken).toMatchObject({ id, claimedBy: "w2", attempts: 2, startedAt: at(0) });
    expect(renewActionLease({ db, input: { actionId: id, workerId: "dead", now: at(1_002), leaseMs: 1_000 } })).toBe(false);
    expect(renewActionLease({ db, input: { actionId: id, workerId: "w2", now: at(1_500), leaseMs: 1_000 } })).toBe(true);
    expect(db.select().from(action).where(eq(action.id, id)).get()!.leaseUntil).toEqual(at(2_500));
  });

  it("waits for notBefore after a transient failure, and resumes at once after a clean stop", () => {
    const id = queue("a");
    claimNextAction({ db, input: { workerId: "w1", now: at(0), leaseMs: 60_000 } });
    releaseActionForRetry({ db, input: { actionId: id, workerId: "w1", notBefore: at(5_000), note: "503 from Nova" } });
    expect(db.select().from(action).where(eq(action.id, id)).get()).toMatchObject({ status: "queued", error: "Waiting to retry: 503 from Nova", claimedBy: null });
    expect(claimNextAction({ db, input: { workerId: "w1", now: at(4_999), leaseMs: 60_000 } })).toBeNull();
    expect(claimNextAction({ db, input: { workerId: "w1", now: at(5_000), leaseMs: 60_000 } })!.id).toBe(id);
    expect(expireLeases({ db, input: { workerId: "w1", now: at(6_000) } })).toBe(1);
    expect(claimNextAction({ db, input: { workerId: "w2", now: at(6_001), leaseMs: 60_000 } })!.claimedBy).toBe("w2");
  });
});
