import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuickCloud } from "../../testing/quick-cloud";
import { watchSim } from "../../testing/reconcile-watch";
import { cleanEnv, locateCli, runCli } from "../../testing/run-cli";
import type { SimEndpoint } from "../core/endpoint";
import { startCloudSigmaSim } from "./server";

/**
 * Debian packages no CloudSigma client, so curl makes the requests CloudSigma's API 2.0
 * documentation shows for listing, creating (its minimal example body) and deleting a server.
 */

const curl = locateCli("curl", "curl");
const CLI_TIMEOUT = 30_000;
const MINIMAL_SERVER = { objects: [{ cpu: 1000, mem: 536870912, name: "testServerAcc", vnc_password: "testserver" }] };

describe.skipIf(curl === null)("CloudSigma's documented REST calls against the sim", () => {
  const { cloud, clock } = createQuickCloud({
    name: "cloudsigma-rest",
    seed: 17,
    imageId: "0b5c1e4a-7d2f-4a8e-9c3b-6f1d2e3a4b5c",
  });
  let endpoint: SimEndpoint;
  const env = cleanEnv();
  /** One documented request; the answer's status and JSON body. */
  const request = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const { email, password } = endpoint.credentials;
    const args = ["-sS", "-u", `${email}:${password}`, "-X", method, "-w", "\n%{http_code}", `${endpoint.url}${path}`];
    if (body !== undefined) args.push("-H", "Content-Type: application/json", "--data", JSON.stringify(body));
    const result = await runCli(curl ?? "", args, env);
    if (result.code !== 0) throw new Error(`curl ${method} ${path} failed: ${result.stderr}`);
    const cut = result.stdout.lastIndexOf("\n");
    const text = result.stdout.slice(0, cut);
    return { status: Number(result.stdout.slice(cut + 1)), json: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    endpoint = await startCloudSigmaSim(cloud);
  });
  afterAll(async () => endpoint?.close());

  it(
    "lists, creates and deletes a server; cloudscope sees it with no queue, and terminated, not lost, once deleted",
    async () => {
      const cloudscope = watchSim(endpoint, clock);
      await cloudscope.poll();
      expect(await request("GET", "servers/")).toMatchObject({ status: 200, json: { objects: [] } });

      const created = await request("POST", "servers/", MINIMAL_SERVER);
      expect(created).toMatchObject({ status: 201, json: { objects: [{ name: "testServerAcc", cpu: 1000, mem: 536870912, status: "stopped" }] } });
      const uuid: string = created.json.objects[0].uuid;
      const detail = await request("GET", "servers/detail/");
      expect(detail.json.objects).toMatchObject([{ uuid, name: "testServerAcc", status: "stopped" }]);
      await cloudscope.poll();
      // A server not started yet is stopped, which cloudscope shows as ended (see the CloudSigma mapper).
      expect(cloudscope.find(uuid)).toMatchObject({ name: "testServerAcc", state: "terminated", queue: null });

      expect(await request("DELETE", `servers/${uuid}/`)).toEqual({ status: 204, json: null });
      expect(await request("GET", "servers/")).toMatchObject({ status: 200, json: { objects: [] } });
      await cloudscope.poll();
      expect(cloudscope.find(uuid)?.state).toBe("terminated");
    },
    CLI_TIMEOUT,
  );
});
