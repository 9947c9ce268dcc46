import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cloud, siteParamVersion } from "@/db/schema";
import { defaultSiteParams, type SiteParams } from "@/server/domain/site-params";
import type { Actor } from "./lib/actor";
import { SYSTEM_ACTOR } from "./lib/actor";
import { updateSiteParams } from "./update-site-params";

const CERN_SQUID = "http://ca-proxy.cern.ch:3128";

/** Plausible parameters for the demo fleet's clouds (server/sim/fleet.ts), by cloud name. */
export const DEMO_SITE_PARAMS: Record<string, SiteParams> = {
  "CERN LxCloud": {
    cvmfsProxy: `${CERN_SQUID};DIRECT`,
    condorHost: "atlas-cloud-cm.cern.ch:9618",
    pandaQueue: "CERN-PROD_CLOUD",
    defaultFlavor: "m1.large",
    network: "auto",
    sshKeyNames: ["atlas-cloud-ops"],
    ntpServers: ["ip-time-1.cern.ch", "ip-time-2.cern.ch"],
    extra: { FRONTIER_SERVER: `(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)(proxyurl=${CERN_SQUID})` },
  },
  "UVic Nefos": {
    cvmfsProxy: "http://squid.heprc.uvic.ca:3128|http://squid2.heprc.uvic.ca:3128;DIRECT",
    condorHost: "condor.heprc.uvic.ca",
    pandaQueue: "IAAS_CA",
    defaultFlavor: "c4.large",
    network: "auto",
    sshKeyNames: ["heprc-ops"],
    ntpServers: ["time.uvic.ca"],
    extra: {},
  },
  "FutureGrid Hotel": {
    cvmfsProxy: "http://squid.uchicago.edu:3128;DIRECT",
    condorHost: "condor.fg-hotel.uchicago.edu:9618",
    pandaQueue: "IAAS_US",
    defaultFlavor: "m1.large",
    network: "auto",
    sshKeyNames: ["atlas-us-cloud"],
    ntpServers: ["ntp.uchicago.edu"],
    extra: {},
  },
  "StratusLab LAL": {
    cvmfsProxy: "http://squid.lal.in2p3.fr:3128;DIRECT",
    condorHost: "condor.lal.in2p3.fr",
    pandaQueue: "GRIF-LAL_CLOUD",
    defaultFlavor: "medium",
    network: "public",
    sshKeyNames: ["grif-ops"],
    ntpServers: ["ntp.lal.in2p3.fr"],
    extra: {},
  },
  "Helix Nebula": {
    cvmfsProxy: `${CERN_SQUID};DIRECT`,
    condorHost: "hn-cm.cern.ch:9618",
    pandaQueue: "HELIX_NEBULA",
    defaultFlavor: "4c-8g",
    network: "2d5e4e2c-8e3e-4d5b-9a59-5a0d3b8f4c61",
    sshKeyNames: ["atlas-cloud-ops"],
    ntpServers: ["ip-time-1.cern.ch"],
    extra: { ATLAS_SITE_NAME: "HELIX_NEBULA" },
  },
};

/**
 * Gives every demo cloud without site parameters a version 1 (audited like an edit by
 * `actor`, the console by default); clouds that have versions are left alone, so
 * operators' edits survive restarts.
 */
export async function ensureDemoSiteParams({ db, actor = SYSTEM_ACTOR }: { db: Db; actor?: Actor }): Promise<{ cloudId: number; name: string; created: boolean }[]> {
  const demoClouds = await db.select({ id: cloud.id, name: cloud.name }).from(cloud).where(eq(cloud.demo, true)).orderBy(asc(cloud.id)).all();
  const results: { cloudId: number; name: string; created: boolean }[] = [];
  for (const { id, name } of demoClouds) {
    const existing = await db.select({ id: siteParamVersion.id }).from(siteParamVersion).where(eq(siteParamVersion.cloudId, id)).limit(1).get();
    if (existing) {
      results.push({ cloudId: id, name, created: false });
      continue;
    }
    const params = DEMO_SITE_PARAMS[name] ?? defaultSiteParams(name);
    await updateSiteParams({ db, actor, input: { cloudId: id, basedOnVersion: 0, params } });
    results.push({ cloudId: id, name, created: true });
  }
  return results;
}
