import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, locateCli, runCli, runCliJson } from "../../testing/run-cli";
import { describeClientAccess } from "../client-access";
import { createQuickCloud } from "../../testing/quick-cloud";
import { watchSim } from "../../testing/reconcile-watch";
import type { SimEndpoint } from "../core/endpoint";
import { startEc2Sim } from "./server";

/** The aws command-line client, configured as the demo's settings say, against the EC2 sim. */

const aws = locateCli("aws", "awscli");
const IMAGE = "ami-00c3f0a1";
const CLI_TIMEOUT = 60_000;

interface Instance {
  InstanceId: string;
  ImageId: string;
  InstanceType: string;
  State: { Name: string; Code: number };
  Tags?: { Key: string; Value: string }[];
}

describe.skipIf(aws === null)("aws client against the EC2 sim", () => {
  const { cloud, clock } = createQuickCloud({
    name: "ec2-cli",
    seed: 5,
    imageId: IMAGE,
    keepDeletedMs: 3_600_000,
    idPrefix: "i-",
  });
  let endpoint: SimEndpoint;
  const env = cleanEnv();
  const ec2 = (...args: string[]) => runCliJson(aws ?? "", ["--endpoint-url", endpoint.url, "--output", "json", "ec2", ...args], env);
  const instances = async (...args: string[]) => ((await ec2("describe-instances", ...args)) as { Reservations: { Instances: Instance[] }[] }).Reservations.flatMap((r) => r.Instances);

  beforeAll(async () => {
    endpoint = await startEc2Sim(cloud, { region: "fg-hotel" });
    Object.assign(env, describeClientAccess(endpoint).env, { AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" });
    cloud.createVm({ name: "wn-1", imageId: IMAGE, flavorId: "m1.small", metadata: { panda_queue: "IAAS_US" } });
    cloud.createVm({ name: "wn-2", imageId: IMAGE, flavorId: "m1.large", metadata: { panda_queue: "IAAS_US" } });
    clock.advance(10_000);
    cloud.createVm({ name: "other-3", imageId: IMAGE, flavorId: "m1.small" });
  });
  afterAll(async () => endpoint?.close());

  it(
    "describes instances by id and by filters on state, tags and image",
    async () => {
      const all = await instances();
      expect(all.map((i) => [i.InstanceId, i.State.Name, i.InstanceType])).toEqual([
        ["i-00000001", "running", "m1.small"],
        ["i-00000002", "running", "m1.large"],
        ["i-00000003", "pending", "m1.small"],
      ]);
      expect((await instances("--instance-ids", "i-00000002")).map((i) => i.InstanceId)).toEqual(["i-00000002"]);
      expect((await instances("--filters", "Name=instance-state-name,Values=pending")).map((i) => i.InstanceId)).toEqual(["i-00000003"]);
      expect((await instances("--filters", "Name=tag:Name,Values=wn-*", "Name=tag:panda_queue,Values=IAAS_US")).map((i) => i.InstanceId)).toEqual(["i-00000001", "i-00000002"]);
      expect(await instances("--filters", `Name=image-id,Values=${IMAGE}`, "Name=instance-type,Values=m1.small")).toHaveLength(2);
      expect(await instances("--filters", "Name=image-id,Values=ami-ffffffff")).toEqual([]);

      const unknown = await runCli(aws ?? "", ["--endpoint-url", endpoint.url, "ec2", "describe-instances", "--instance-ids", "i-0000ffff"], env);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain("InvalidInstanceID.NotFound");
    },
    CLI_TIMEOUT,
  );

  it(
    "runs an instance once per client token, tags it, waits for it to run, and terminates it; cloudscope sees it appear, then terminate",
    async () => {
      const cloudscope = watchSim(endpoint, clock);
      await cloudscope.poll();
      const run = ["run-instances", "--image-id", IMAGE, "--instance-type", "m1.small", "--client-token", "cli-token-1"];
      const tagged = [...run, "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=cli-vm},{Key=owner,Value=ops}]"];
      const first = (await ec2(...tagged)) as { Instances: Instance[] };
      expect(first.Instances).toMatchObject([{ ImageId: IMAGE, State: { Name: "pending" }, Tags: expect.arrayContaining([{ Key: "Name", Value: "cli-vm" }]) }]);
      const id = first.Instances[0]?.InstanceId ?? "";
      const again = (await ec2(...tagged)) as { Instances: Instance[] };
      expect(again.Instances.map((i) => i.InstanceId)).toEqual([id]);
      await cloudscope.poll();
      expect(cloudscope.find(id)).toMatchObject({ name: "cli-vm", state: "booting", queue: null });

      await ec2("create-tags", "--resources", id, "--tags", "Key=team,Value=adc");
      clock.advance(5_000);
      const waited = await runCli(aws ?? "", ["--endpoint-url", endpoint.url, "ec2", "wait", "instance-running", "--instance-ids", id], env);
      expect(waited).toMatchObject({ code: 0, stderr: "" });
      const [shown] = await instances("--instance-ids", id);
      expect(shown?.State.Name).toBe("running");
      expect(Object.fromEntries((shown?.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({ Name: "cli-vm", owner: "ops", team: "adc" });

      const terminated = (await ec2("terminate-instances", "--instance-ids", id)) as { TerminatingInstances: unknown[] };
      expect(terminated.TerminatingInstances).toEqual([{ InstanceId: id, CurrentState: { Code: 32, Name: "shutting-down" }, PreviousState: { Code: 16, Name: "running" } }]);
      expect((await instances("--instance-ids", id)).map((i) => i.State.Name)).toEqual(["terminated"]);
      await cloudscope.poll();
      expect(cloudscope.find(id)).toMatchObject({ state: "terminated" });
    },
    CLI_TIMEOUT,
  );

  it(
    "describes images and instance types",
    async () => {
      expect(await ec2("describe-images")).toMatchObject({ Images: [{ ImageId: IMAGE, Name: "cernvm-atlas", State: "available", ImageType: "machine" }] });
      const types = (await ec2("describe-instance-types")) as { InstanceTypes: { InstanceType: string; VCpuInfo: { DefaultVCpus: number }; MemoryInfo: { SizeInMiB: number } }[] };
      expect(types.InstanceTypes.map((t) => [t.InstanceType, t.VCpuInfo.DefaultVCpus, t.MemoryInfo.SizeInMiB])).toEqual([
        ["m1.large", 4, 8192],
        ["m1.small", 1, 2048],
      ]);
      expect(await ec2("describe-instance-types", "--instance-types", "m1.small", "--query", "InstanceTypes[].InstanceType")).toEqual(["m1.small"]);
    },
    CLI_TIMEOUT,
  );
});
