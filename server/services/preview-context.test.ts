import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import type { SiteParams } from "@/server/domain/site-params";
import { createCloud } from "@/server/testing/factories";
import type { Actor } from "./lib/actor";
import { previewContext } from "./preview-context";
import { updateSiteParams } from "./update-site-params";

const operator: Actor = { id: "u-op", name: "operator", role: "operator", ip: null };

const params: SiteParams = {
  cvmfsProxy: "http://squid.heprc.uvic.ca:3128",
  condorHost: "condor.heprc.uvic.ca",
  pandaQueue: "IAAS_CA",
  defaultFlavor: "c4.large",
  network: "auto",
  sshKeyNames: ["heprc-ops"],
  ntpServers: [],
  extra: {},
};

describe("previewContext", () => {
  let db: Db;

  beforeEach(async () => {
    db = await openTestDb();
  });

  afterEach(async () => {
    await closeDb(db);
  });

  it("renders all three methods from the version in force, marking the cloud's method and its limit", async () => {
    const { id } = await createCloud(db, { name: "UVic Nefos", kind: "openstack", contextMethod: "hepix" });
    await updateSiteParams({ db, actor: operator, input: { cloudId: id, basedOnVersion: 0, params } });

    const preview = await previewContext({ db, input: { cloudId: id } });

    expect(preview).toMatchObject({ method: "hepix", source: "current", version: 1, limitBytes: 65_535, limitMeasured: "base64", cloud: { id, name: "UVic Nefos", kind: "openstack" } });
    expect(Object.keys(preview.rendered)).toEqual(["cloud-init", "hepix", "puppet"]);
    expect(preview.rendered["cloud-init"]).toContain('CVMFS_HTTP_PROXY="http://squid.heprc.uvic.ca:3128"');
    expect(preview.rendered.hepix).toContain('CONDOR_HOST="condor.heprc.uvic.ca"');
    expect(preview.rendered.puppet).toContain('cloudscope::panda_queue: "IAAS_CA"');
    for (const m of ["cloud-init", "hepix", "puppet"] as const) {
      expect(preview.bytes[m]).toBe(Buffer.byteLength(preview.rendered[m]));
      expect(preview.measuredBytes[m]).toBe(Buffer.from(preview.rendered[m]).toString("base64").length);
      expect(preview.sizeProblems[m]).toBeNull();
    }
    expect(preview.vm).toMatchObject({ vmName: "iaas-ca-cs-0-1", token: "cs-0-1", queue: "IAAS_CA", cloudName: "UVic Nefos" });
    expect(preview.networkNote).toMatch(/2\.37/);
  });

  it("falls back to defaults for a cloud without parameters, and renders a draft or a launch's queue when given", async () => {
    const { id } = await createCloud(db, { name: "FutureGrid Hotel", kind: "ec2" });
    expect(await previewContext({ db, input: { cloudId: id } })).toMatchObject({ source: "default", version: null, params: { pandaQueue: "FUTUREGRID_HOTEL" }, limitBytes: 16_384, limitMeasured: "raw" });

    const draft = await previewContext({ db, input: { cloudId: id, params: { ...params, pandaQueue: "IAAS_US" }, queue: "IAAS_US_MCORE", vmName: "vm-1" } });
    expect(draft).toMatchObject({ source: "draft", method: "cloud-init", vm: { vmName: "vm-1", queue: "IAAS_US_MCORE" } });
    expect(draft.rendered["cloud-init"]).toContain("IAAS_US_MCORE\n");
  });

  it("says which methods are over the cloud's limit", async () => {
    const { id } = await createCloud(db, { kind: "ec2" });
    const extra = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`BIG_${i}`, "x".repeat(1000)]));
    const preview = await previewContext({ db, input: { cloudId: id, params: { ...params, extra } } });
    for (const m of ["cloud-init", "hepix", "puppet"] as const) {
      expect(preview.bytes[m]).toBeGreaterThan(16_384);
      expect(preview.sizeProblems[m]).toMatch(/over the limit of 16384: EC2/);
    }
  });

  it("refuses an unknown cloud", async () => {
    await expect(previewContext({ db, input: { cloudId: 404 } })).rejects.toThrow("Cloud 404 does not exist");
  });
});
