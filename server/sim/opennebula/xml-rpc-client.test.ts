import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuickCloud } from "../../testing/quick-cloud";
import { watchSim } from "../../testing/reconcile-watch";
import { cleanEnv, locateCli, runCliJson } from "../../testing/run-cli";
import type { SimEndpoint } from "../core/endpoint";
import { startOpenNebulaSim } from "./server";

/**
 * Debian packages no OpenNebula client, so Python's own XML-RPC client makes the calls
 * OpenNebula's XML-RPC reference documents for listing, creating and terminating a VM.
 */

const python = locateCli("python3", "python3");
const CALL = `
import json, sys, xmlrpc.client
url, method, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
print(json.dumps(getattr(xmlrpc.client.ServerProxy(url), method)(*params)))
`;
const CLI_TIMEOUT = 30_000;
const IMAGE_ID = 7;

describe.skipIf(python === null)("OpenNebula's documented XML-RPC calls against the sim", () => {
  const { cloud, clock } = createQuickCloud({
    name: "opennebula-rpc",
    seed: 13,
    imageId: String(IMAGE_ID),
    keepDeletedMs: 3_600_000,
  });
  let endpoint: SimEndpoint;
  let session: string;
  const env = cleanEnv();
  const call = async (method: string, ...params: unknown[]) => (await runCliJson(python ?? "", ["-c", CALL, endpoint.url, method, JSON.stringify(params)], env)) as [boolean, unknown, number];
  /** The pool's VMs as id, name and STATE. */
  const pool = async (stateFilter: number) => {
    const [ok, xml] = await call("one.vmpool.info", session, -2, -1, -1, stateFilter);
    expect(ok).toBe(true);
    return [...String(xml).matchAll(/<VM><ID>(\d+)<\/ID>.*?<NAME>([^<]*)<\/NAME><STATE>(\d+)<\/STATE>/gs)].map((m) => ({ id: Number(m[1]), name: m[2] ?? "", state: Number(m[3]) }));
  };

  beforeAll(async () => {
    endpoint = await startOpenNebulaSim(cloud);
    session = `${endpoint.credentials.username}:${endpoint.credentials.password}`;
    cloud.createVm({ name: "wn-1", imageId: String(IMAGE_ID), flavorId: "m1.small", metadata: { panda_queue: "GRIF-LAL_CLOUD" } });
    clock.advance(10_000);
  });
  afterAll(async () => endpoint?.close());

  it(
    "lists, allocates and terminates a VM; cloudscope sees it appear with no queue, then terminate",
    async () => {
      const cloudscope = watchSim(endpoint, clock);
      await cloudscope.poll();
      expect(await pool(-1)).toEqual([{ id: 1, name: "wn-1", state: 3 }]);

      const template = `NAME = "rpc-vm"\nCPU = 1\nVCPU = 1\nMEMORY = 2048\nDISK = [ IMAGE_ID = ${IMAGE_ID} ]\nOWNER_NOTE = "made by hand"`;
      const [allocated, id, errcode] = await call("one.vm.allocate", session, template, false);
      expect([allocated, errcode]).toEqual([true, 0]);
      expect((await pool(-1)).find((vm) => vm.id === id)).toEqual({ id, name: "rpc-vm", state: 1 });
      await cloudscope.poll();
      expect(cloudscope.find(String(id))).toMatchObject({ name: "rpc-vm", state: "requested", queue: null });

      clock.advance(10_000);
      expect(await call("one.vm.action", session, "terminate-hard", id)).toEqual([true, id, 0]);
      expect((await pool(-1)).map((vm) => vm.id)).toEqual([1]);
      expect((await pool(-2)).find((vm) => vm.id === id)).toEqual({ id, name: "rpc-vm", state: 6 });
      await cloudscope.poll();
      expect(cloudscope.find(String(id))).toMatchObject({ state: "terminated", rawState: "DONE" });
    },
    CLI_TIMEOUT,
  );

  it(
    "answers a wrong session with OpenNebula's failure triple",
    async () => {
      expect(await call("one.vmpool.info", "atlas:wrong", -2, -1, -1, -1)).toEqual([false, "[one.vmpool.info] User couldn't be authenticated, aborting call.", 256]);
    },
    CLI_TIMEOUT,
  );
});
