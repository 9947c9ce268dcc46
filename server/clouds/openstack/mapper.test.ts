import { describe, expect, it } from "vitest";
import type { LaunchRequest } from "../driver";
import { MalformedReplyError } from "../errors";
import { parseReply } from "../parse";
import { glanceImagesPageSchema, novaLimitsSchema, novaServersPageSchema, type NovaServer } from "./api-types";
import { toCreateServerBody, toProviderImage, toProviderQuota, toProviderVm } from "./mapper";

function server(overrides: Partial<NovaServer> = {}): NovaServer {
  return {
    id: "5f1c",
    name: "atlas-wn-1",
    status: "ACTIVE",
    "OS-EXT-STS:task_state": null,
    flavor: { original_name: "m1.large" },
    image: { id: "img-1" },
    addresses: { "atlas-net": [{ addr: "fd00::5", version: 6 }, { addr: "10.0.0.5", version: 4 }] },
    metadata: { panda_queue: "CERN-P1" },
    created: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

const flavors = new Map([["m1.large", "f-large"]]);

describe("toProviderVm", () => {
  it.each([
    ["BUILD", "scheduling", {}, "requested", "BUILD/scheduling"],
    ["BUILD", "spawning", {}, "booting", "BUILD/spawning"],
    ["ACTIVE", null, {}, "running", "ACTIVE"],
    ["ACTIVE", null, { cloudscope_drain: "1" }, "draining", "ACTIVE"],
    ["REBOOT", "reboot_started", {}, "running", "REBOOT/reboot_started"],
    ["SHUTOFF", null, { cloudscope_drain: "1" }, "terminated", "SHUTOFF"],
    ["DELETED", null, {}, "terminated", "DELETED"],
    ["ACTIVE", "deleting", {}, "terminated", "ACTIVE/deleting"],
    ["ACTIVE", "deleting", { cloudscope_drain: "1" }, "terminated", "ACTIVE/deleting"],
    ["ERROR", "deleting", {}, "terminated", "ERROR/deleting"],
    ["SOFT_DELETED", null, {}, "terminated", "SOFT_DELETED"],
    ["PAUSED", null, {}, "error", "PAUSED"],
  ] as const)("maps %s/%s with %o to %s", (status, taskState, metadata, state, rawState) => {
    const vm = toProviderVm(server({ status, "OS-EXT-STS:task_state": taskState, metadata }), flavors);
    expect({ state: vm.state, rawState: vm.rawState }).toEqual({ state, rawState });
  });

  it("carries Nova's fault message for a server in ERROR", () => {
    const vm = toProviderVm(server({ status: "ERROR", fault: { code: 500, message: "No valid host was found." } }), flavors);
    expect(vm).toMatchObject({ state: "error", rawState: "ERROR", fault: "No valid host was found." });
  });

  it("resolves the embedded flavor name to its id and prefers an IPv4 address", () => {
    const vm = toProviderVm(server(), flavors);
    expect(vm).toMatchObject({ flavorId: "f-large", imageId: "img-1", ip: "10.0.0.5", createdAt: new Date("2026-01-01T00:00:00Z") });
  });

  it("has no image for a boot-from-volume server and no flavor id for a deleted flavor", () => {
    const vm = toProviderVm(server({ image: "", flavor: { original_name: "retired" } }), flavors);
    expect(vm).toMatchObject({ imageId: null, flavorId: null });
  });
});

describe("toProviderQuota", () => {
  it("reads -1 as unlimited", () => {
    const quota = toProviderQuota({ maxTotalInstances: 10, maxTotalCores: -1, maxTotalRAMSize: -1, totalInstancesUsed: 3, totalCoresUsed: 12, totalRAMUsed: 24_576 });
    expect(quota).toEqual({ instances: { used: 3, limit: 10 }, cores: { used: 12, limit: null }, ramMb: { used: 24_576, limit: null } });
  });
});

describe("toProviderImage", () => {
  it("reports the sha512 digest only", () => {
    const base = { id: "i1", name: null, status: "active", size: 10, os_distro: "centos" };
    expect(toProviderImage({ ...base, os_hash_algo: "sha512", os_hash_value: "abc" })).toMatchObject({ name: "", checksum: "abc", os: "centos" });
    expect(toProviderImage({ ...base, os_hash_algo: "md5", os_hash_value: "abc" }).checksum).toBeNull();
  });
});

describe("reply schemas", () => {
  it("names the missing field of a server entry", () => {
    const { id: _id, ...withoutId } = server();
    expect(() => parseReply(novaServersPageSchema, { servers: [server(), withoutId] }, "Nova server list")).toThrow(/servers\.1\.id/);
  });

  it("rejects a server rendered before microversion 2.47, naming the flavor field", () => {
    const old = { ...server(), flavor: { id: "3", links: [] } };
    expect(() => parseReply(novaServersPageSchema, { servers: [old] }, "Nova server list")).toThrow(/servers\.0\.flavor\.original_name/);
  });

  it("names a missing limit", () => {
    const absolute = { maxTotalInstances: 10, maxTotalRAMSize: 1, totalInstancesUsed: 0, totalCoresUsed: 0, totalRAMUsed: 0 };
    expect(() => parseReply(novaLimitsSchema, { limits: { absolute } }, "Nova limits")).toThrow(MalformedReplyError);
    expect(() => parseReply(novaLimitsSchema, { limits: { absolute } }, "Nova limits")).toThrow(/limits\.absolute\.maxTotalCores/);
  });

  it("rejects an image list that is not a list", () => {
    expect(() => parseReply(glanceImagesPageSchema, { images: "garbled" }, "Glance image list")).toThrow(/field "images"/);
  });
});

describe("toCreateServerBody", () => {
  const request: LaunchRequest = {
    name: "atlas-wn",
    imageId: "img-1",
    flavorId: "f-large",
    userData: "#cloud-config\n",
    metadata: { panda_queue: "CERN-P1" },
    clientToken: "act-42",
  };

  it("creates one server on the automatic network, user data in base64, token in metadata", () => {
    const { server: body } = toCreateServerBody(request);
    expect(body).toMatchObject({ networks: "auto", min_count: 1, max_count: 1, metadata: { panda_queue: "CERN-P1", cloudscope_token: "act-42" } });
    expect(Buffer.from(body.user_data ?? "", "base64").toString("utf8")).toBe("#cloud-config\n");
  });

  it("names a specific network by uuid", () => {
    expect(toCreateServerBody({ ...request, network: "net-uuid" }).server.networks).toEqual([{ uuid: "net-uuid" }]);
  });

  it("refuses a metadata value over 255 bytes even when it is fewer characters", () => {
    const call = () => toCreateServerBody({ ...request, metadata: { site: "é".repeat(128) } });
    expect(call).toThrow(expect.objectContaining({ kind: "bad_request", message: expect.stringContaining('"site"') }));
  });
});
