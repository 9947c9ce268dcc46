import { TRPCError } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import type { Role } from "@/server/domain/vocabulary";
import type { SiteParams } from "@/server/domain/site-params";
import { createCloud } from "@/server/testing/factories";
import { testActor } from "@/server/testing/actors";
import { createCallerFactory } from "@/server/trpc/init";
import { appRouter } from "./_app";

const createCaller = createCallerFactory(appRouter);

const params: SiteParams = {
  cvmfsProxy: "http://ca-proxy.cern.ch:3128;DIRECT",
  condorHost: "cm.cern.ch",
  pandaQueue: "CERN-PROD_CLOUD",
  defaultFlavor: null,
  network: "auto",
  sshKeyNames: [],
  ntpServers: [],
  extra: {},
};

/** Each test's database, closed after it. */
let opened: Db | undefined;
async function freshDb(): Promise<Db> {
  opened = await openTestDb();
  return opened;
}
afterEach(async () => {
  if (opened) await closeDb(opened);
  opened = undefined;
});

async function setup() {
  const db = await freshDb();
  const cloudId = (await createCloud(db, { name: "CERN LxCloud" })).id;
  const as = (role: Role | null) => createCaller({ db, actor: role ? testActor(role) : null });
  return { db, cloudId, as };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe("siteParams router", () => {
  it("lets operators save, shifters read, and nobody anonymous in", async () => {
    const { cloudId, as } = await setup();
    expect(await codeOf(as("shifter").siteParams.update({ cloudId, basedOnVersion: 0, params }))).toMatch(/^FORBIDDEN: /);
    expect(await codeOf(as(null).siteParams.get({ cloudId }))).toBe("UNAUTHORIZED: Sign in first");

    expect(await as("operator").siteParams.update({ cloudId, basedOnVersion: 0, params })).toEqual({ version: 1, created: true });
    expect(await as("shifter").siteParams.get({ cloudId })).toMatchObject({ version: 1, params, createdByName: "operator" });
    expect((await as("shifter").siteParams.history({ cloudId })).entries).toHaveLength(1);
    expect((await as("shifter").siteParams.preview({ cloudId })).source).toBe("current");
  });

  it("answers a stale save with CONFLICT and bad params with the field's message", async () => {
    const { cloudId, as } = await setup();
    await as("operator").siteParams.update({ cloudId, basedOnVersion: 0, params });
    await as("admin").siteParams.update({ cloudId, basedOnVersion: 1, params: { ...params, condorHost: "cm2.cern.ch" } });
    expect(await codeOf(as("operator").siteParams.update({ cloudId, basedOnVersion: 1, params }))).toBe(
      "CONFLICT: Someone saved version 2 meanwhile (admin). Reload to see it, then apply your change again",
    );
    expect(await codeOf(as("operator").siteParams.update({ cloudId, basedOnVersion: 2, params: { ...params, cvmfsProxy: "squid:3128" } }))).toMatch(
      /^BAD_REQUEST: [\s\S]*\\"squid:3128\\" is not a proxy: write http:\/\/host:port/,
    );
  });

  it("validates a draft field by field without saving it", async () => {
    const { cloudId, as } = await setup();
    expect(await as("shifter").siteParams.validate({ params })).toEqual({ valid: true, issues: [] });
    expect(await as("shifter").siteParams.validate({ params: { ...params, ntpServers: ["ok.example.org", "not ok"], extra: { "1x": "v" } } })).toEqual({
      valid: false,
      issues: [
        { path: "ntpServers.1", message: '"not ok" is not a host name' },
        { path: "extra.1x", message: '"1x" is not a valid name: use letters, digits and _ and do not start with a digit' },
      ],
    });
    expect(await as("shifter").siteParams.get({ cloudId })).toBeNull();
  });
});
