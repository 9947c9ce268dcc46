import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { pandaQueue, pollLog, queueSampleMinute, sampleMinute, signInThrottle } from "@/db/schema";
import { KNOWN_ADDRESS_MS, SIGN_IN_RUN_MS } from "@/server/domain/sign-in-delay";
import { createCloud, createMinuteSample, createPollLog } from "@/server/testing/factories";
import { pruneHistory, RETENTION } from "./prune-history";

const now = new Date("2026-06-01T12:00:00Z");
const ago = (ms: number) => now.getTime() - ms;

let db: Db;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await closeDb(db);
});

describe("pruneHistory", () => {
  it("drops poll logs and minute samples past retention, keeping recent ones", async () => {
    const c = await createCloud(db);
    await createPollLog(db, { cloudId: c.id, at: new Date(ago(RETENTION.pollLogMs + 1)) });
    await createPollLog(db, { cloudId: c.id, at: new Date(ago(RETENTION.pollLogMs - 60_000)) });
    await createMinuteSample(db, { cloudId: c.id, ts: ago(RETENTION.sampleMinuteMs + 60_000) });
    await createMinuteSample(db, { cloudId: c.id, ts: ago(60_000) });

    await pruneHistory({ db, input: { now } });

    expect(await db.select().from(pollLog).all()).toHaveLength(1);
    expect((await db.select().from(sampleMinute).all()).map((s) => s.ts)).toEqual([ago(60_000)]);
  });

  it("drops PanDA queues' minute samples past the same retention", async () => {
    const queue = await db.insert(pandaQueue).values({ name: "IAAS_CA", endpoint: "http://panda.test/api/v1", tokenEnc: "sealed", createdAt: now, nextDueAt: now }).returning().get();
    await db.insert(queueSampleMinute).values([ago(RETENTION.sampleMinuteMs + 60_000), ago(60_000)].map((ts) => ({ queueId: queue.id, ts, activated: 1 }))).run();
    await pruneHistory({ db, input: { now } });
    expect((await db.select().from(queueSampleMinute).all()).map((s) => s.ts)).toEqual([ago(60_000)]);
  });

  it("forgets sign-in throttle rows that delay nobody and mark no known address", async () => {
    const row = (key: string, lastFailureAt: number, lastSuccessAt: number | null = null) => ({ key, username: null, failures: 5, lastFailureAt, lastSuccessAt });
    await db
      .insert(signInThrottle)
      .values([
        row("user:guessed-name-1", ago(SIGN_IN_RUN_MS + 1)),
        row("addr:203.0.113.9", ago(SIGN_IN_RUN_MS + 1)),
        row("user:admin", ago(SIGN_IN_RUN_MS - 1_000)),
        row("pair:alice|198.51.100.7", ago(SIGN_IN_RUN_MS + 1), ago(KNOWN_ADDRESS_MS - 86_400_000)),
        row("pair:bob|198.51.100.8", ago(KNOWN_ADDRESS_MS + 1), ago(KNOWN_ADDRESS_MS + 1)),
      ])
      .run();

    await pruneHistory({ db, input: { now } });

    const kept = (await db.select({ key: signInThrottle.key }).from(signInThrottle).all()).map((r) => r.key).sort();
    expect(kept).toEqual(["pair:alice|198.51.100.7", "user:admin"]);
  });
});
