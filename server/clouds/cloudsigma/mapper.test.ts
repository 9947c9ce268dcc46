import { describe, expect, it } from "vitest";
import type { CsServer } from "./api-types";
import { mapImage, mapQuota, mapState, mapVm } from "./mapper";

describe("mapState", () => {
  it.each([
    ["stopped", false, "terminated"],
    ["starting", false, "booting"],
    ["running", false, "running"],
    ["running", true, "draining"],
    ["stopping", true, "terminated"],
    ["unavailable", false, "error"],
    ["paused", false, "error"],
    ["migrating", false, "error"],
  ] as const)("%s (drain %s) is %s", (status, drain, expected) => {
    expect(mapState(status, drain)).toBe(expected);
  });
});

const server = (overrides: Partial<CsServer> = {}): CsServer => ({
  uuid: "4e31777b-92b5-4633-9f31-c28443a63cfd",
  name: "atlas-wn",
  status: "running",
  cpu: 8000,
  mem: 8 * 1024 ** 3,
  smp: 4,
  meta: { cloudscope_token: "act-3", cloudscope_image: "lib-1", "cloudinit-user-data": "IyEvYmluL3No", base64_fields: "cloudinit-user-data" },
  runtime: { active_since: "2015-03-19T13:52:51+00:00", nics: [{ ip_v4: null }, { ip_v4: { uuid: "94.26.101.149" } }] },
  ...overrides,
});

describe("mapVm", () => {
  it("maps a running server; the raw state is CloudSigma's status; user data stays out of metadata", () => {
    expect(mapVm(server())).toEqual({
      providerId: "4e31777b-92b5-4633-9f31-c28443a63cfd",
      name: "atlas-wn",
      state: "running",
      rawState: "running",
      flavorId: "large",
      imageId: "lib-1",
      ip: "94.26.101.149",
      createdAt: new Date("2015-03-19T13:52:51Z"),
      metadata: { cloudscope_token: "act-3", cloudscope_image: "lib-1" },
      fault: null,
    });
  });

  it("shows the drain flag on a running server as draining", () => {
    expect(mapVm(server({ meta: { cloudscope_drain: "1" } }))).toMatchObject({ state: "draining", rawState: "running" });
  });

  it("maps a stopped server with no runtime and a size of its own", () => {
    expect(mapVm(server({ status: "stopped", runtime: null, cpu: 1000, mem: 536_870_912, meta: {} }))).toMatchObject({
      state: "terminated",
      rawState: "stopped",
      flavorId: null,
      imageId: null,
      ip: null,
      createdAt: null,
    });
  });
});

describe("mapImage", () => {
  it("maps a library drive", () => {
    expect(mapImage({ uuid: "lib-1", name: "CernVM 3", status: "unmounted", size: 1_000, media: "disk", os: "linux" })).toEqual({
      providerId: "lib-1",
      name: "CernVM 3",
      status: "unmounted",
      sizeBytes: 1_000,
      checksum: null,
      os: "linux",
    });
  });
});

describe("mapQuota", () => {
  it("counts servers that are not stopped, and cores and RAM in use, with no limits", () => {
    const usage = { usage: { cpu: { burst: 0, subscribed: 10_000, using: 12_000 }, mem: { burst: 0, subscribed: 0, using: 12 * 1024 ** 3 } } };
    expect(mapQuota(["running", "stopped", "starting", "unavailable"], usage)).toEqual({
      instances: { used: 3, limit: null },
      cores: { used: 6, limit: null },
      ramMb: { used: 12_288, limit: null },
    });
  });
});
