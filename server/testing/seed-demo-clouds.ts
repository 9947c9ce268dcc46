import type { Db } from "@/db/client";
import { createDriver } from "../clouds/driver-registry";
import { ensureDemoSiteParams } from "../services/ensure-demo-site-params";
import { listPollTargets } from "../services/list-poll-targets";
import { upsertCloud } from "../services/upsert-cloud";
import type { DemoFleet } from "../sim/fleet";
import { runCollectorPass } from "../worker/collector";
import { testActor } from "./actors";

/**
 * Registers every cloud of a demo fleet (as `npm start` does, with `intervals` for its
 * polls), gives them site parameters, and polls them once so images and flavors are known
 * to launches. Returns the polls' errors (none, normally).
 */
export async function seedDemoClouds(db: Db, key: Buffer, fleet: DemoFleet, intervals: { pollVmsSec?: number; pollLimitsSec?: number; pollImagesSec?: number } = {}): Promise<string[]> {
  for (const { spec, endpoint } of fleet.clouds) {
    const input = { name: spec.name, kind: spec.kind, endpoint: endpoint.url, region: endpoint.region ?? undefined, credentials: endpoint.credentials, timeoutMs: 3_000, demo: true };
    await upsertCloud({ db, key, input: { ...input, ...intervals } });
  }
  await ensureDemoSiteParams({ db, actor: testActor("admin") });
  const { errors } = await runCollectorPass({ db, now: () => new Date(), random: Math.random, createDriver }, await listPollTargets({ db, key }));
  return errors.map((e) => `${e.cloudId}: ${e.error}`);
}
