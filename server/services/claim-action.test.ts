import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action } from "@/db/schema";
import type { ActionKind } from "@/server/domain/vocabulary";
import { testActor } from "@/server/testing/actors";
import { insertAction } from "./lib/action-rows";
import { claimNextAction, expireLeases, releaseActionForRetry, renewActionLease } from "./claim-action";

const T0 = new Date("2026-05-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
let db: Db;

function queue(key: string, requestedAt = T0, kind: ActionKind = "destroy"): Promise<number> {
  return db.transaction((tx) =>
    insertAction(tx, { kind, idempotencyKey: key, cloudId: kind === "launch" ? 1 : null, actor: testActor("operator"), now: requestedAt, params: {}, items: [{ cloudId: 1 }] }),
  );
}
const claim = (workerId: string, now: Date, kinds?: ActionKind[]) => claimNextAction({ db, input: { workerId, now, leaseMs: 1_000, kinds } });

beforeEach(async () => {
  db = await openTestDb();
});

afterEach(async () => {
  await closeDb(db);
});

describe("claiming actions", () => {
  it("gives the oldest due action to exactly one worker and holds it for the lease", async () => {
    const older = await queue("a", at(0));
    const newer = await queue("b", at(1));
    const w1 = await claimNextAction({ db, input: { workerId: "w1", now: at(10), leaseMs: 1_000 } });
    expect(w1).toMatchObject({ id: older, status: "running", claimedBy: "w1", attempts: 1, startedAt: at(10), leaseUntil: at(1_010) });
    expect((await claimNextAction({ db, input: { workerId: "w2", now: at(20), leaseMs: 1_000 } }))!.id).toBe(newer);
    expect(await claimNextAction({ db, input: { workerId: "w3", now: at(30), leaseMs: 1_000 } })).toBeNull();
  });

  it("gives workers claiming at the same moment different actions", async () => {
    const ids = [await queue("a", at(0)), await queue("b", at(1)), await queue("c", at(2))];
    const claims = await Promise.all(["w1", "w2", "w3", "w4"].map((workerId) => claimNextAction({ db, input: { workerId, now: at(10), leaseMs: 1_000 } })));
    const won = claims.flatMap((c) => (c ? [c.id] : []));
    expect(won.sort((a, b) => a - b)).toEqual(ids);
    expect(claims.filter((c) => c === null)).toHaveLength(1);
    const rows = await db.select({ id: action.id, claimedBy: action.claimedBy, attempts: action.attempts }).from(action).orderBy(action.id).all();
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(3);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  it("hands a dead worker's action to another once its lease expires, and the dead one cannot renew it", async () => {
    const id = await queue("a");
    await claimNextAction({ db, input: { workerId: "dead", now: at(0), leaseMs: 1_000 } });
    expect(await claimNextAction({ db, input: { workerId: "w2", now: at(999), leaseMs: 1_000 } })).toBeNull();
    const taken = (await claimNextAction({ db, input: { workerId: "w2", now: at(1_001), leaseMs: 1_000 } }))!;
    expect(taken).toMatchObject({ id, claimedBy: "w2", attempts: 2, startedAt: at(0) });
    expect(await renewActionLease({ db, input: { actionId: id, workerId: "dead", now: at(1_002), leaseMs: 1_000 } })).toBe(false);
    expect(await renewActionLease({ db, input: { actionId: id, workerId: "w2", now: at(1_500), leaseMs: 1_000 } })).toBe(true);
    expect((await db.select().from(action).where(eq(action.id, id)).get())!.leaseUntil).toEqual(at(2_500));
  });

  it("waits for notBefore after a transient failure, and resumes at once after a clean stop", async () => {
    const id = await queue("a");
    await claimNextAction({ db, input: { workerId: "w1", now: at(0), leaseMs: 60_000 } });
    await releaseActionForRetry({ db, input: { actionId: id, workerId: "w1", notBefore: at(5_000), note: "503 from Nova" } });
    expect(await db.select().from(action).where(eq(action.id, id)).get()).toMatchObject({ status: "queued", error: "Waiting to retry: 503 from Nova", claimedBy: null });
    expect(await claimNextAction({ db, input: { workerId: "w1", now: at(4_999), leaseMs: 60_000 } })).toBeNull();
    expect((await claimNextAction({ db, input: { workerId: "w1", now: at(5_000), leaseMs: 60_000 } }))!.id).toBe(id);
    expect(await expireLeases({ db, input: { workerId: "w1", now: at(6_000) } })).toBe(1);
    expect((await claimNextAction({ db, input: { workerId: "w2", now: at(6_001), leaseMs: 60_000 } }))!.claimedBy).toBe("w2");
  });

  it("takes destroys and drains before launches queued earlier, then the oldest first", async () => {
    const launch = await queue("launch", at(0), "launch");
    const drain = await queue("drain", at(2), "drain");
    const destroy = await queue("destroy", at(1), "destroy");
    const order = [];
    for (let c = await claim("w1", at(10)); c; c = await claim("w1", at(10))) order.push(c.id);
    expect(order).toEqual([destroy, drain, launch]);
  });

  it("claims only the kinds asked for", async () => {
    const launch = await queue("launch", at(0), "launch");
    await queue("destroy", at(1), "destroy");
    expect(await claim("w1", at(10), [])).toBeNull();
    expect((await claim("w1", at(10), ["launch"]))!.id).toBe(launch);
    expect(await claim("w1", at(10), ["launch"])).toBeNull();
  });
});
