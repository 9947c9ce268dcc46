import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock";
import type { SimEndpoint } from "../core/endpoint";
import { SimCloud } from "../core/sim-cloud";
import { startOpenNebulaSim } from "./server";

const endpoints: SimEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function setUp() {
  const clock = new ManualClock();
  const cloud = new SimCloud({
    name: "one-sim",
    seed: 3,
    clock,
    quota: { instances: 100, cores: 100, ramMb: 1_000_000 },
    flavors: [{ id: "f1", name: "one", vcpus: 1, ramMb: 2048, diskGb: 10 }],
    images: [{ id: "img-a", name: "cernvm", os: "SLC6", sizeBytes: 1024 ** 3, sha512: "a".repeat(128) }],
    scheduleDelayMs: [0, 0],
    bootDelayMs: [1_000, 1_000],
    jobMs: [10_000, 10_000],
    jobsPerVm: [1, 1],
    bootFailureRate: 0,
    keepDeletedMs: 60_000,
  });
  const endpoint = await startOpenNebulaSim(cloud, { username: "u", password: "p" });
  endpoints.push(endpoint);
  const call = async (method: string, ...params: string[]) => {
    const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((p) => `<param><value>${p}</value></param>`).join("")}</params></methodCall>`;
    const res = await fetch(endpoint.url, { method: "POST", headers: { "content-type": "text/xml" }, body });
    return { status: res.status, text: await res.text() };
  };
  return { cloud, clock, call };
}

const session = "<string>u:p</string>";
const int = (n: number) => `<i4>${n}</i4>`;
const ids = (text: string) => [...text.matchAll(/&lt;VM&gt;&lt;ID&gt;(\d+)&lt;/g)].map((m) => Number(m[1]));

describe("OpenNebula sim", () => {
  it("answers an unknown method and mistyped parameters with XML-RPC faults", async () => {
    const { call } = await setUp();
    expect((await call("one.vm.migrate", session)).text).toContain("<name>faultCode</name><value><i4>-506</i4>");
    expect((await call("one.vmpool.info", session, "<string>-2</string>", int(-1), int(-1), int(-1))).text).toContain("<i4>-501</i4>");
  });

  it("pages the pool with a negative end, or cuts an id range", async () => {
    const { cloud, call } = await setUp();
    for (let i = 0; i < 7; i++) cloud.createVm({ name: `vm${i}`, imageId: "img-a", flavorId: "f1" });
    expect(ids((await call("one.vmpool.info", session, int(-2), int(3), int(-2), int(-1))).text)).toEqual([4, 5]);
    expect(ids((await call("one.vmpool.info", session, int(-2), int(2), int(5), int(-1))).text)).toEqual([2, 3, 4, 5]);
  });

  it("powers off a VM whose guest shut down, and keeps only terminated (DONE) VMs out of the pool unless asked for every state", async () => {
    const { cloud, clock, call } = await setUp();
    const vm = cloud.createVm({ name: "short", imageId: "img-a", flavorId: "f1" });
    clock.advance(20_000);
    const live = (await call("one.vmpool.info", session, int(-2), int(-1), int(-1), int(-1))).text;
    expect(ids(live)).toEqual([vm.seq]);
    expect(live).toContain("&lt;STATE&gt;8&lt;/STATE&gt;&lt;LCM_STATE&gt;0&lt;/LCM_STATE&gt;");
    expect(cloud.usage().instances).toBe(1);

    await call("one.vm.action", session, "<string>terminate</string>", int(vm.seq));
    expect(ids((await call("one.vmpool.info", session, int(-2), int(-1), int(-1), int(-1))).text)).toEqual([]);
    const all = (await call("one.vmpool.info", session, int(-2), int(-1), int(-1), int(-2))).text;
    expect(all).toContain("&lt;STATE&gt;6&lt;/STATE&gt;");
    expect(cloud.usage().instances).toBe(0);
  });

  it("names the template error of a bad allocation", async () => {
    const { call } = await setUp();
    const reply = (await call("one.vm.allocate", session, "<string>NAME = [ unclosed</string>", "<boolean>0</boolean>")).text;
    expect(reply).toContain("<boolean>0</boolean>");
    expect(reply).toContain("Parse error: syntax error");
  });
});
