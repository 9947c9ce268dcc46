import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock";
import type { SimEndpoint } from "../core/endpoint";
import { SimCloud } from "../core/sim-cloud";
import { startEc2Sim } from "./server";

const endpoints: SimEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

async function start(clock = new ManualClock()): Promise<SimEndpoint & { cloud: SimCloud }> {
  const cloud = new SimCloud({
    name: "ec2-sim-test",
    seed: 3,
    clock,
    quota: { instances: 10, cores: 40, ramMb: 80_000 },
    flavors: [{ id: "m1.small", name: "m1.small", vcpus: 1, ramMb: 1740, diskGb: 160 }],
    images: [{ id: "ami-00000001", name: "cernvm", os: "SLC6", sizeBytes: 1, sha512: "a".repeat(128) }],
    scheduleDelayMs: [1_000, 1_000],
    bootDelayMs: [10_000, 10_000],
    bootFailureRate: 0,
    idPrefix: "i-",
  });
  const endpoint = await startEc2Sim(cloud, { region: "RegionOne" });
  endpoints.push(endpoint);
  return { ...endpoint, cloud };
}

/** Signs with the SDK's own SigV4 signer, so the sim is checked against AWS's reading, not ours. */
async function signed(endpoint: SimEndpoint, params: Record<string, string>, method: "GET" | "POST") {
  const url = new URL(endpoint.url);
  const signer = new SignatureV4({
    service: "ec2",
    region: endpoint.region ?? "",
    credentials: { accessKeyId: endpoint.credentials.accessKeyId ?? "", secretAccessKey: endpoint.credentials.secretAccessKey ?? "" },
    sha256: Sha256,
  });
  const form = new URLSearchParams(params).toString();
  const request = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: method === "GET" ? params : {},
    headers: { host: url.host, ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: method === "POST" ? form : undefined,
  });
  const target = method === "GET" ? `${endpoint.url}?${form}` : endpoint.url;
  return { target, headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== "host")), body: method === "POST" ? form : undefined };
}

describe("EC2 sim", () => {
  it("answers an unsigned request with AuthFailure in EC2's error envelope", async () => {
    const endpoint = await start();
    const res = await fetch(endpoint.url, { method: "POST", body: "Action=DescribeInstances&Version=2016-11-15" });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/^<\?xml[^>]*>\n<Response><Errors><Error><Code>AuthFailure<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it("serves a signed GET query and echoes the requested Version", async () => {
    const endpoint = await start();
    const { target, headers } = await signed(endpoint, { Action: "DescribeImages", Version: "2013-10-15" }, "GET");
    const res = await fetch(target, { headers });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2013-10-15/">');
    expect(body).toContain("<imageId>ami-00000001</imageId>");
  });

  it("rejects a body changed after signing", async () => {
    const endpoint = await start();
    const { target, headers } = await signed(endpoint, { Action: "TerminateInstances", Version: "2016-11-15", "InstanceId.1": "i-00000001" }, "POST");
    const res = await fetch(target, { method: "POST", headers, body: "Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-00000002" });
    expect(res.status).toBe(401);
  });

  it("filters instances by state name", async () => {
    const clock = new ManualClock();
    const endpoint = await start(clock);
    const early = endpoint.cloud.createVm({ name: "early", imageId: "ami-00000001", flavorId: "m1.small" });
    clock.advance(60_000);
    endpoint.cloud.createVm({ name: "late", imageId: "ami-00000001", flavorId: "m1.small" });
    const params = { Action: "DescribeInstances", Version: "2016-11-15", "Filter.1.Name": "instance-state-name", "Filter.1.Value.1": "running" };
    const { target, headers, body } = await signed(endpoint, params, "POST");
    const xml = await (await fetch(target, { method: "POST", headers, body })).text();
    expect(xml.match(/<instanceId>[^<]+<\/instanceId>/g)).toEqual([`<instanceId>${early.id}</instanceId>`]);
  });

  it("describes only the instances asked for by id, and filters on tags with wildcards", async () => {
    const endpoint = await start();
    const a = endpoint.cloud.createVm({ name: "wn-a", imageId: "ami-00000001", flavorId: "m1.small", metadata: { queue: "Q1" } });
    const b = endpoint.cloud.createVm({ name: "wn-b", imageId: "ami-00000001", flavorId: "m1.small", metadata: { queue: "Q2" } });
    const describe = async (params: Record<string, string>) => {
      const { target, headers, body } = await signed(endpoint, { Action: "DescribeInstances", Version: "2016-11-15", ...params }, "POST");
      const res = await fetch(target, { method: "POST", headers, body });
      return { status: res.status, text: await res.text() };
    };
    const ids = (xml: string) => [...xml.matchAll(/<instanceId>([^<]+)<\/instanceId>/g)].map((m) => m[1]);
    expect(ids((await describe({ "InstanceId.1": b.id })).text)).toEqual([b.id]);
    expect(ids((await describe({ "Filter.1.Name": "tag:queue", "Filter.1.Value.1": "Q1" })).text)).toEqual([a.id]);
    expect(ids((await describe({ "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "wn-*" })).text)).toEqual([a.id, b.id]);
    const unknown = await describe({ "InstanceId.1": "i-0000ffff" });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("<Code>InvalidInstanceID.NotFound</Code>");
    expect((await describe({ "Filter.1.Name": "no-such-filter", "Filter.1.Value.1": "x" })).text).toContain("The filter &apos;no-such-filter&apos; is invalid");
  });

  it("refuses MaxResults below 5 as ec2-api does", async () => {
    const endpoint = await start();
    const { target, headers, body } = await signed(endpoint, { Action: "DescribeInstances", Version: "2016-11-15", MaxResults: "4" }, "POST");
    const res = await fetch(target, { method: "POST", headers, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>InvalidParameterValue</Code>");
  });
});
