import { describe, expect, it } from "vitest";
import { closeDb, openTestDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { siteParamsSchema } from "@/server/domain/site-params";
import { DEMO_CLOUDS } from "@/server/sim/fleet";
import { createCloud } from "@/server/testing/factories";
import type { Actor } from "./lib/actor";
import { DEMO_SITE_PARAMS, ensureDemoSiteParams } from "./ensure-demo-site-params";
import { getCurrentSiteParams } from "./get-site-params";
import { updateSiteParams } from "./update-site-params";

const system: Actor = { id: "system:console", name: "console", role: "admin", ip: null };

describe("ensureDemoSiteParams", () => {
  it("gives each demo cloud a valid version 1 once, leaving real clouds and later edits alone", async () => {
    const db = await openTestDb();
    const cern = await createCloud(db, { name: "CERN LxCloud", demo: true });
    const extraDemo = await createCloud(db, { name: "Some Demo", demo: true });
    const real = await createCloud(db, { name: "real-cloud", demo: false });

    expect(await ensureDemoSiteParams({ db, actor: system })).toEqual([
      { cloudId: cern.id, name: "CERN LxCloud", created: true },
      { cloudId: extraDemo.id, name: "Some Demo", created: true },
    ]);
    expect(await getCurrentSiteParams({ db, input: { cloudId: cern.id } })).toMatchObject({ version: 1, createdByName: "console", params: { cvmfsProxy: "http://ca-proxy.cern.ch:3128;DIRECT", pandaQueue: "CERN-PROD_CLOUD" } });
    expect((await getCurrentSiteParams({ db, input: { cloudId: extraDemo.id } }))?.params.pandaQueue).toBe("SOME_DEMO");
    expect(await getCurrentSiteParams({ db, input: { cloudId: real.id } })).toBeNull();
    expect((await db.select().from(auditLog).all()).map((a) => a.verb)).toEqual(["siteParams.edit", "siteParams.edit"]);

    await updateSiteParams({ db, actor: system, input: { cloudId: cern.id, basedOnVersion: 1, params: { ...DEMO_SITE_PARAMS["CERN LxCloud"]!, condorHost: "edited.cern.ch" } } });
    expect((await ensureDemoSiteParams({ db, actor: system })).every((r) => !r.created)).toBe(true);
    expect(await getCurrentSiteParams({ db, input: { cloudId: cern.id } })).toMatchObject({ version: 2, params: { condorHost: "edited.cern.ch" } });
    await closeDb(db);
  });

  it("has valid parameters, with the sim's queue, for every demo cloud", () => {
    for (const params of Object.values(DEMO_SITE_PARAMS)) expect(siteParamsSchema.parse(params)).toEqual(params);
    expect(Object.keys(DEMO_SITE_PARAMS)).toEqual(DEMO_CLOUDS.map((c) => c.name));
    for (const spec of DEMO_CLOUDS) expect(DEMO_SITE_PARAMS[spec.name]?.pandaQueue).toBe(spec.queue);
  });
});
