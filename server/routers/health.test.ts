import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { recordHeartbeat } from "@/server/services/record-heartbeat";
import { createCallerFactory } from "@/server/trpc/init";
import { healthRouter } from "./health";

describe("the health check behind /api/health", () => {
  let db: Db;
  const check = () => createCallerFactory(healthRouter)({ db, actor: null }).get();

  beforeEach(async () => {
    db = await openTestDb();
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("answers anonymously: degraded while no worker beats, ok once one does", async () => {
    expect(await check()).toMatchObject({ status: "degraded", db: "ok", worker: { ok: false, lastHeartbeatAt: null }, workers: [] });

    await recordHeartbeat({ db, input: { workerId: "w1", pid: 42, now: new Date(), startedAt: new Date() } });
    expect(await check()).toMatchObject({ status: "ok", worker: { ok: true }, workers: [expect.objectContaining({ id: "w1", alive: true })] });
  });
});
