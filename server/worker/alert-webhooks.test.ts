import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { pollState, vmEvent } from "@/db/schema";
import { ALERT_RECOVERY_SEC } from "@/server/domain/alert-evaluation";
import { createCloud, createPollState, createVm } from "@/server/testing/factories";
import { DELIVERY_LEASE_MS, deliverAlertNotifications, listAlertDeliveries } from "../services/deliver-alert-notifications";
import { ensureDefaultAlertRules, evaluateAlertsTick } from "../services/evaluate-alerts";
import { listAlerts } from "../services/list-alerts";
import { postWebhook } from "./webhook-sender";

const T0 = new Date("2026-11-25T12:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

/** A local Alertmanager-webhook receiver: answers 500 while `failing`, records every body it accepted. */
function startReceiver() {
  const accepted: Array<Record<string, unknown>> = [];
  const state = { failing: false, url: "" };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (state.failing) return res.writeHead(500).end("receiver is down for maintenance");
      accepted.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end("ok");
    });
  });
  return new Promise<{ accepted: typeof accepted; state: typeof state; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      resolve({ accepted, state, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

describe("alert notifications through the outbox", () => {
  let db: Db;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let cloudId: number;

  const tick = (s: number) => evaluateAlertsTick({ db, input: { now: at(s), notify: { receivers: [receiver.state.url], externalUrl: "https://cloudscope.example.org" } } });
  const deliver = (s: number, send = postWebhook) => deliverAlertNotifications({ db, input: { now: at(s), send } });
  const boot = async (when: Date, ok: boolean) => {
    const v = await createVm(db, { cloudId, state: ok ? "running" : "error" });
    await db.insert(vmEvent).values({ vmId: v.id, cloudId, at: when, fromState: "booting", toState: ok ? "running" : "error", rawState: "x" }).run();
  };

  beforeEach(async () => {
    db = await openTestDb();
    receiver = await startReceiver();
    await ensureDefaultAlertRules({ db, input: { now: T0 } });
    cloudId = (await createCloud(db, { name: "sick" })).id;
    await createPollState(db, { cloudId, resource: "vms", lastAttemptAt: T0, lastSuccessAt: T0, lastLatencyMs: 50 });
    for (let i = 0; i < 4; i++) await boot(at(-i), false);
  });

  afterEach(async () => {
    await receiver.close();
    await closeDb(db);
  });

  it("delivers exactly one Alertmanager v4 body per transition, retrying a failing receiver and surviving a sender killed mid-delivery", async () => {
    await tick(0);
    await tick(60);
    const [firing] = await listAlerts({ db, input: { view: "firing" } });

    receiver.state.failing = true;
    expect(await deliver(60)).toEqual({ delivered: 0, failed: 1 });
    expect(await listAlertDeliveries({ db, input: { alertId: firing!.id } })).toMatchObject([{ event: "firing", status: "pending", attempts: 1, lastError: "HTTP 500: receiver is down for maintenance" }]);
    receiver.state.failing = false;
    expect(await deliver(65)).toEqual({ delivered: 0, failed: 0 });
    expect(await deliver(70)).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]).toMatchObject({
      version: "4",
      status: "firing",
      receiver: "cloudscope",
      externalURL: "https://cloudscope.example.org",
      alerts: [{ status: "firing", labels: { alertname: "CloudscopeBootFailures", cloud: "sick", signal: "boot_failures", severity: "warning" }, annotations: { summary: "sick: 4 of the last 4 boots failed" }, startsAt: at(60).toISOString(), endsAt: "0001-01-01T00:00:00Z" }],
    });

    // Recovery: the resolved notification is queued; the sender is killed after claiming it.
    for (let i = 0; i < 10; i++) await boot(at(100 + i), true);
    await db.update(pollState).set({ lastAttemptAt: at(110), lastSuccessAt: at(110) }).where(eq(pollState.cloudId, cloudId)).run();
    await tick(120);
    await tick(120 + ALERT_RECOVERY_SEC);
    const resolvedAt = 120 + ALERT_RECOVERY_SEC;
    await expect(
      deliver(resolvedAt, () => {
        throw new Error("notifier killed");
      }),
    ).rejects.toThrow("notifier killed");
    expect(await deliver(resolvedAt + 1)).toEqual({ delivered: 0, failed: 0 });
    expect(await deliver(resolvedAt + DELIVERY_LEASE_MS / 1000)).toEqual({ delivered: 1, failed: 0 });
    expect(await deliver(resolvedAt + 3600)).toEqual({ delivered: 0, failed: 0 });

    expect(receiver.accepted.map((b) => b.status)).toEqual(["firing", "resolved"]);
    expect(receiver.accepted[1]).toMatchObject({ alerts: [{ status: "resolved", endsAt: at(resolvedAt).toISOString() }] });
    expect((await listAlertDeliveries({ db, input: { alertId: firing!.id } })).map((d) => [d.event, d.status])).toEqual([
      ["firing", "delivered"],
      ["resolved", "delivered"],
    ]);
  });
});
