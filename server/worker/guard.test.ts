import { describe, expect, it, onTestFinished, vi } from "vitest";
import { closeDb, openTestDb } from "@/db/client";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import type { PollTarget } from "../services/list-poll-targets";
import { PollScheduler } from "./collector";
import { driverFor } from "./drivers";
import { guard } from "./guard";

const target: PollTarget = {
  cloudId: 1,
  name: "CERN",
  enabled: true,
  driver: { kind: "openstack", endpoint: "http://127.0.0.1:1/v3", region: null, credentials: { u: "p" }, timeoutMs: 1_000 },
  intervalsSec: { vms: 30, limits: 300, images: 600, flavors: 600 },
};

describe("guard", () => {
  it("logs a throw or a rejection of a timer body instead of letting it escape", async () => {
    const report = vi.fn();
    expect(() =>
      guard(
        "heartbeat",
        () => {
          throw new Error("database is locked");
        },
        report,
      )(),
    ).not.toThrow();
    guard("executor", () => Promise.reject(new Error("disk I/O error")), report)();
    await new Promise((r) => setTimeout(r, 0));
    expect(report.mock.calls.map(([what, err]) => [what, (err as Error).message])).toEqual([
      ["heartbeat", "database is locked"],
      ["executor", "disk I/O error"],
    ]);
  });
  it("awaits a thenable body, such as a drizzle query, and logs its failure", async () => {
    const report = vi.fn();
    const query: PromiseLike<never> = { then: (_ok, fail) => Promise.reject(new Error("database is locked")).then(_ok, fail) };
    guard("heartbeat", () => query, report)();
    await new Promise((r) => setTimeout(r, 0));
    expect(report).toHaveBeenCalledWith("heartbeat", expect.objectContaining({ message: "database is locked" }));
  });
});

describe("PollScheduler", () => {
  it("reports a poll that breaks instead of leaving its rejection unhandled", async () => {
    const report = vi.fn();
    const createDriver = (): CloudDriver => {
      throw new Error("no driver for this configuration");
    };
    const db = await openTestDb();
    onTestFinished(() => closeDb(db));
    const scheduler = new PollScheduler({ db, now: () => new Date(), random: () => 0.5, createDriver, report }, 1);
    const started = await scheduler.tick([target]);
    expect(started).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(report).toHaveBeenCalledWith("poll of vms on CERN", expect.objectContaining({ message: "no driver for this configuration" }));
    await expect(started[0]).rejects.toThrow("no driver for this configuration");
  });
});

describe("driverFor", () => {
  it("keeps one driver per cloud configuration for the collector and the executor alike", async () => {
    const db = await openTestDb();
    onTestFinished(() => closeDb(db));
    const createDriver = vi.fn((config: DriverConfig) => ({ kind: config.kind }) as CloudDriver);
    const first = driverFor({ db, createDriver }, target);
    expect(driverFor({ db, createDriver }, { ...target })).toBe(first);
    const moved = driverFor({ db, createDriver }, { ...target, driver: { ...target.driver, endpoint: "http://127.0.0.1:2/v3" } });
    expect(moved).not.toBe(first);
    expect(createDriver).toHaveBeenCalledTimes(2);
  });
});
