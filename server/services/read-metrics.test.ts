import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, queryRows, type Db } from "@/db/client";
import { action, alert, alertRule } from "@/db/schema";
import { renderMetrics } from "@/server/metrics/render-metrics";
import { createCloud, createPollLog, createPollState, createVms } from "@/server/testing/factories";
import { readMetrics } from "./read-metrics";

const NOW = new Date("2026-11-25T12:00:00Z");

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text exposition format (0.0.4): HELP/TYPE comments, then `name{label="value",…} number` lines. */
function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ")) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, unescapeLabel(m[2]!)]));
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

function unescapeLabel(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

const key = (labels: Record<string, unknown>, names: string[]) => names.map((n) => String(labels[n])).join("/");

describe("/api/metrics", () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb();
  });
  afterEach(async () => {
    await closeDb(db);
  });

  it("exports VMs by cloud and state, polls, actions and statuses in the text format, equal to the database's figures", async () => {
    const a = await createCloud(db, { name: "alpha", status: "degraded" });
    const b = await createCloud(db, { name: "beta \"quoted\"" });
    const states = ["running", "running", "booting", "error", "lost", "terminated"] as const;
    await createVms(db, 30, (i) => ({ cloudId: i % 3 === 0 ? b.id : a.id, state: states[i % states.length] }));
    await createPollState(db, { cloudId: a.id, resource: "vms", lastLatencyMs: 250, consecutiveFailures: 2 });
    await createPollLog(db, { cloudId: a.id, at: new Date(NOW.getTime() - 60_000), ok: false, error: "timeout" });
    await createPollLog(db, { cloudId: a.id, at: new Date(NOW.getTime() - 2 * 3600_000), ok: false, error: "too old to count" });
    for (const [i, status] of (["queued", "succeeded", "succeeded", "failed"] as const).entries()) {
      await db.insert(action).values({ kind: i === 3 ? "drain" : "launch", idempotencyKey: `k${i}`, requestedById: "u1", requestedByName: "ann", requestedAt: NOW, params: "{}", status }).run();
    }

    const [rule] = await db.insert(alertRule).values({ signal: "lost_vms", threshold: 3, forSec: 60, severity: "critical", updatedAt: NOW }).returning();
    for (const state of ["firing", "firing", "acknowledged"] as const) {
      await db.insert(alert).values({ ruleId: rule!.id, cloudId: a.id, state, severity: "critical", value: 5, summary: "alpha: 5 VMs lost", pendingSince: NOW }).run();
    }

    const { body, contentType } = await renderMetrics(await readMetrics({ db, input: { now: NOW } }));
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheusText(body);
    const of = (name: string, labels: string[]) => new Map(samples.filter((s) => s.name === name && s.value !== 0).map((s) => [key(s.labels, labels), s.value]));

    expect(types.get("cloudscope_vms")).toBe("gauge");
    const vmRows = await queryRows(db, "select c.name as cloud, v.state as state, count(*) as n from vm v join cloud c on c.id = v.cloud_id group by c.name, v.state");
    expect(of("cloudscope_vms", ["cloud", "state"])).toEqual(new Map(vmRows.map((r) => [key(r, ["cloud", "state"]), Number(r.n)])));

    const actionRows = await queryRows(db, "select kind, status, count(*) as n from action group by kind, status");
    expect(of("cloudscope_actions", ["kind", "status"])).toEqual(new Map(actionRows.map((r) => [key(r, ["kind", "status"]), Number(r.n)])));

    expect(of("cloudscope_cloud_status", ["cloud", "status"])).toEqual(new Map([["alpha/degraded", 1], ['beta "quoted"/up', 1]]));
    expect(of("cloudscope_poll_latency_seconds", ["cloud", "resource"])).toEqual(new Map([["alpha/vms", 0.25]]));
    expect(of("cloudscope_poll_consecutive_failures", ["cloud", "resource"])).toEqual(new Map([["alpha/vms", 2]]));
    expect(of("cloudscope_poll_errors_last_hour", ["cloud"])).toEqual(new Map([["alpha", 1]]));
    expect(of("cloudscope_alerts_firing", ["severity"])).toEqual(new Map([["critical", 2]]));
  });
});
