import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock";
import type { SimEndpoint } from "../core/endpoint";
import { SimCloud } from "../core/sim-cloud";
import { startCloudSigmaSim } from "./server";

const LIBDRIVE = "0b5c1e4a-7d2f-4a8e-9c3b-6f1d2e3a4b5c";
const endpoints: SimEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function setUp() {
  const cloud = new SimCloud({
    name: "cs-sim",
    seed: 4,
    clock: new ManualClock(),
    quota: { instances: 100, cores: 100, ramMb: 1_000_000 },
    flavors: [{ id: "f1", name: "one", vcpus: 1, ramMb: 2048, diskGb: 10 }],
    images: [{ id: LIBDRIVE, name: "cernvm", os: "SLC6", sizeBytes: 1024 ** 3, sha512: "a".repeat(128) }],
    bootFailureRate: 0,
  });
  const endpoint = await startCloudSigmaSim(cloud, { email: "e@x", password: "p" });
  endpoints.push(endpoint);
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${endpoint.url}${path}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from("e@x:p").toString("base64")}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
  };
  return { cloud, api };
}

const minimal = { name: "wn", cpu: 2000, mem: 2 * 1024 ** 3, vnc_password: "x" };

describe("CloudSigma sim", () => {
  it("insists on the trailing slash", async () => {
    const { api } = await setUp();
    expect((await api("GET", "servers")).status).toBe(404);
    expect((await api("GET", "servers/")).status).toBe(200);
  });

  it("creates servers stopped, and refuses to start one whose drive is still being cloned", async () => {
    const { api } = await setUp();
    const clone = await api("POST", `libdrives/${LIBDRIVE}/action/?do=clone`, {});
    expect(clone).toMatchObject({ status: 202, body: { objects: [{ status: "cloning_dst" }] } });
    const drive = clone.body!.objects[0].uuid as string;
    const created = await api("POST", "servers/", { objects: [{ ...minimal, drives: [{ boot_order: 1, dev_channel: "0:0", device: "virtio", drive }] }] });
    expect(created).toMatchObject({ status: 201, body: { objects: [{ status: "stopped", runtime: null, smp: 1 }] } });
    const uuid = created.body!.objects[0].uuid as string;
    expect(await api("POST", `servers/${uuid}/action/?do=start`)).toMatchObject({ status: 403, body: [{ error_type: "permission" }] });
    expect(await api("GET", `drives/${drive}/`)).toMatchObject({ body: { status: "unmounted" } });
    expect(await api("POST", `servers/${uuid}/action/?do=start`)).toMatchObject({ status: 202, body: { action: "start", result: "success", uuid } });
    expect(await api("DELETE", `servers/${uuid}/`)).toMatchObject({ status: 403 });
  });

  it("validates a new server and its meta", async () => {
    const { api } = await setUp();
    expect(await api("POST", "servers/", { objects: [{ ...minimal, cpu: undefined }] })).toMatchObject({ status: 400, body: [{ error_type: "validation", error_point: "cpu" }] });
    expect(await api("POST", "servers/", { objects: [{ ...minimal, meta: { ["k".repeat(33)]: "v" } }] })).toMatchObject({ status: 400, body: [{ error_point: "meta" }] });
  });

  it("pages with limit and offset: 20 by default, all with limit=0", async () => {
    const { cloud, api } = await setUp();
    for (let i = 0; i < 25; i++) cloud.createVm({ name: `vm${i}`, imageId: LIBDRIVE, flavorId: "f1" });
    expect((await api("GET", "servers/")).body).toMatchObject({ meta: { limit: 20, offset: 0, total_count: 25 } });
    expect((await api("GET", "servers/")).body!.objects).toHaveLength(20);
    expect((await api("GET", "servers/detail/?limit=0")).body!.objects).toHaveLength(25);
    expect((await api("GET", "servers/?limit=10&offset=20")).body!.objects).toHaveLength(5);
  });
});
