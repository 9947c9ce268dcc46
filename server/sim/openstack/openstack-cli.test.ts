import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, locateCli, runCliJson } from "../../testing/run-cli";
import { describeClientAccess } from "../client-access";
import { createQuickCloud, QUICK_IMAGE_NAME } from "../../testing/quick-cloud";
import { watchSim } from "../../testing/reconcile-watch";
import type { SimEndpoint } from "../core/endpoint";
import { startOpenStackSim } from "./server";

/** python-openstackclient, configured as the demo's openrc says, against the sim. */

const openstack = locateCli("openstack", "python3-openstackclient");
const IMAGE = { id: "0b6e1f3a-2c4d-4e5f-8a9b-0c1d2e3f4a5b", name: QUICK_IMAGE_NAME };
const CLI_TIMEOUT = 60_000;

describe.skipIf(openstack === null)("openstack client against the OpenStack sim", () => {
  const { cloud, clock } = createQuickCloud({
    name: "openstack-cli",
    seed: 21,
    imageId: IMAGE.id,
    idStyle: "uuid",
    keepDeletedMs: 3_600_000,
  });
  let endpoint: SimEndpoint;
  const env = cleanEnv();
  const os = (...args: string[]) => runCliJson(openstack ?? "", args, env);

  beforeAll(async () => {
    endpoint = await startOpenStackSim(cloud, { region: "cern-geneva" });
    Object.assign(env, describeClientAccess(endpoint).env);
    cloud.createVm({ name: "wn-1", imageId: IMAGE.id, flavorId: "m1.small", metadata: { panda_queue: "CERN-P1" } });
    cloud.createVm({ name: "wn-2", imageId: IMAGE.id, flavorId: "m1.large", metadata: { panda_queue: "CERN-P1" } });
    clock.advance(10_000);
    cloud.createVm({ name: "other-3", imageId: IMAGE.id, flavorId: "m1.small" });
  });
  afterAll(async () => endpoint?.close());

  it(
    "lists servers, filtered by name and status, short and long",
    async () => {
      const all = (await os("server", "list", "-f", "json")) as { Name: string; Status: string; Image: string; Flavor: string }[];
      expect(all.map((s) => [s.Name, s.Status, s.Image, s.Flavor])).toEqual([
        ["other-3", "BUILD", IMAGE.name, "m1.small"],
        ["wn-2", "ACTIVE", IMAGE.name, "m1.large"],
        ["wn-1", "ACTIVE", IMAGE.name, "m1.small"],
      ]);
      expect(await os("server", "list", "--name", "zzz", "-f", "json")).toEqual([]);
      expect(((await os("server", "list", "--name", "^wn-", "-f", "json")) as { Name: string }[]).map((s) => s.Name)).toEqual(["wn-2", "wn-1"]);
      expect(((await os("server", "list", "--status", "BUILD", "-f", "json")) as { Name: string }[]).map((s) => s.Name)).toEqual(["other-3"]);
      const long = (await os("server", "list", "--long", "--name", "wn-1", "-f", "json")) as Record<string, unknown>[];
      expect(long).toMatchObject([{ Name: "wn-1", Status: "ACTIVE", "Power State": expect.anything(), "Image ID": IMAGE.id, Properties: { panda_queue: "CERN-P1" } }]);
    },
    CLI_TIMEOUT,
  );

  it(
    "shows a server by name",
    async () => {
      const shown = (await os("server", "show", "wn-2", "-f", "json")) as Record<string, unknown>;
      expect(shown).toMatchObject({ name: "wn-2", status: "ACTIVE", "OS-EXT-STS:vm_state": "active", properties: { panda_queue: "CERN-P1" } });
      expect(String(shown.flavor)).toContain("m1.large");
      expect(shown.addresses).toEqual({ "atlas-net": [expect.stringMatching(/^10\./)] });
    },
    CLI_TIMEOUT,
  );

  it(
    "creates a server without network, sets a property, and deletes it; cloudscope sees it appear, then terminate",
    async () => {
      const cloudscope = watchSim(endpoint, clock);
      await cloudscope.poll();
      // --nic none needs microversion 2.37, which the client asks for only when told (as on any cloud).
      const created = (await os(
        "--os-compute-api-version", "2.37",
        "server", "create", "--image", IMAGE.name, "--flavor", "m1.small", "--nic", "none", "--property", "owner=ops", "cli-vm", "-f", "json",
      )) as Record<string, unknown>;
      expect(created).toMatchObject({ name: "cli-vm", status: "BUILD", properties: { owner: "ops" } });
      const id = String(created.id);
      await cloudscope.poll();
      expect(cloudscope.find(id)).toMatchObject({ name: "cli-vm", state: "requested", queue: null });

      clock.advance(10_000);
      await os("server", "set", "--property", "cloudscope_drain=now", "cli-vm");
      const shown = (await os("server", "show", "cli-vm", "-f", "json")) as Record<string, unknown>;
      expect(shown).toMatchObject({ status: "ACTIVE", properties: { owner: "ops", cloudscope_drain: "now" } });

      await os("server", "delete", "cli-vm");
      expect(await os("server", "list", "--name", "cli-vm", "-f", "json")).toEqual([]);
      clock.advance(5_000);
      await cloudscope.poll();
      expect(cloudscope.find(id)).toMatchObject({ state: "terminated", rawState: expect.stringMatching(/^DELETED/) });
    },
    CLI_TIMEOUT,
  );

  it(
    "reads images, flavors, limits and quota",
    async () => {
      expect(await os("image", "list", "-f", "json")).toEqual([{ ID: IMAGE.id, Name: IMAGE.name, Status: "active" }]);
      expect(await os("image", "show", IMAGE.name, "-f", "json")).toMatchObject({ id: IMAGE.id, disk_format: "qcow2", size: 1024 ** 3, status: "active" });
      const flavors = (await os("flavor", "list", "-f", "json")) as Record<string, unknown>[];
      expect(flavors.map((f) => [f.Name, f.VCPUs, f.RAM])).toEqual([["m1.large", 4, 8192], ["m1.small", 1, 2048]]);
      expect(await os("flavor", "show", "m1.large", "-f", "json")).toMatchObject({ id: "m1.large", vcpus: 4, ram: 8192, disk: 80, properties: {} });
      const limits = Object.fromEntries(((await os("limits", "show", "--absolute", "-f", "json")) as { Name: string; Value: number }[]).map((l) => [l.Name, l.Value]));
      expect(limits).toMatchObject({ maxTotalInstances: 10, maxTotalCores: 40, totalInstancesUsed: 3, totalCoresUsed: 6 });
      expect(await os("quota", "show", "-f", "json")).toMatchObject({ instances: 10, cores: 40, ram: 81_920, project_name: "atlas-prod" });
    },
    CLI_TIMEOUT,
  );
});
