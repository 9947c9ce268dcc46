import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateTagsCommand,
  DescribeAccountAttributesCommand,
  DescribeImagesCommand,
  DescribeImportImageTasksCommand,
  ImportImageCommand,
  DescribeInstancesCommand,
  EC2ServiceException,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type _InstanceType,
} from "@aws-sdk/client-ec2";
import type { CloudDriver, DriverConfig, ProviderFlavor, ProviderVm, PublishImageRequest } from "../driver";
import { IMAGE_VERSION_ID_PROPERTY, IMAGE_VERSION_LABEL_PROPERTY } from "../../domain/vm-metadata";
import { uploadAllowanceMs } from "../http";
import type { VmState } from "../../domain/vocabulary";
import { CloudApiError, MalformedReplyError } from "../errors";
import { parseReply } from "../parse";
import {
  describeAccountAttributesOutputSchema,
  describeImagesOutputSchema,
  describeImportImageTasksOutputSchema,
  describeInstancesOutputSchema,
  importImageOutputSchema,
  runInstancesOutputSchema,
} from "./api-types";
import { createEc2Client, toEc2Error } from "./client";
import { mapImage, mapInstance, toLaunchTags, toTags } from "./mapper";
import type { Ec2Credentials } from "./spec";

/** ImportImage's disk formats, by the catalogue's names; it takes no qcow2. */
const IMPORT_FORMATS: Record<string, string> = { raw: "RAW", vmdk: "VMDK", ova: "OVA", vhd: "VHD", vhdx: "VHDX" };
const IMPORT_POLL_MS = 500;

const LIVE_STATES: ReadonlySet<VmState> = new Set(["requested", "booting", "running", "draining"]);

/**
 * The EC2 Query clouds we serve (ec2-api, Eucalyptus) predate DescribeInstanceTypes and accept
 * AWS's classic type names, so we report AWS's published sizes; a site may size them differently.
 */
const CLASSIC_INSTANCE_TYPES: readonly ProviderFlavor[] = [
  { providerId: "m1.small", name: "m1.small", vcpus: 1, ramMb: 1_740, diskGb: 160 },
  { providerId: "m1.medium", name: "m1.medium", vcpus: 1, ramMb: 3_840, diskGb: 410 },
  { providerId: "m1.large", name: "m1.large", vcpus: 2, ramMb: 7_680, diskGb: 840 },
  { providerId: "m1.xlarge", name: "m1.xlarge", vcpus: 4, ramMb: 15_360, diskGb: 1_680 },
  { providerId: "c1.medium", name: "c1.medium", vcpus: 2, ramMb: 1_740, diskGb: 350 },
  { providerId: "c1.xlarge", name: "c1.xlarge", vcpus: 8, ramMb: 7_168, diskGb: 1_680 },
];

export function createEc2Driver(config: DriverConfig<Ec2Credentials>): CloudDriver {
  const client = createEc2Client(config);

  async function call<T>(action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw toEc2Error(err, action);
    }
  }

  async function listVms(signal?: AbortSignal): Promise<ProviderVm[]> {
    const vms: ProviderVm[] = [];
    const seenTokens = new Set<string>();
    let token: string | undefined;
    for (;;) {
      const command = new DescribeInstancesCommand({ MaxResults: 1000, NextToken: token });
      const out = await call("DescribeInstances", () => client.send(command, { abortSignal: signal }));
      const page = parseReply(describeInstancesOutputSchema, out, "EC2 DescribeInstances reply");
      for (const reservation of page.Reservations) vms.push(...reservation.Instances.map(mapInstance));
      if (!page.NextToken) return vms;
      if (seenTokens.has(page.NextToken)) throw new MalformedReplyError("EC2 DescribeInstances reply", `field "NextToken": ${page.NextToken} came back again`);
      seenTokens.add(page.NextToken);
      token = page.NextToken;
    }
  }

  /** null when the cloud does not publish the attribute (or the action). */
  async function getMaxInstances(signal?: AbortSignal): Promise<number | null> {
    // Unfiltered: the SDK's AttributeName enum no longer lists "max-instances", though replies still carry it.
    const command = new DescribeAccountAttributesCommand({});
    const out = await call("DescribeAccountAttributes", () => client.send(command, { abortSignal: signal })).catch((err: unknown) => {
      if (err instanceof CloudApiError && err.kind === "bad_request") return null;
      throw err;
    });
    if (out === null) return null;
    const reply = parseReply(describeAccountAttributesOutputSchema, out, "EC2 DescribeAccountAttributes reply");
    const value = reply.AccountAttributes.find((a) => a.AttributeName === "max-instances")?.AttributeValues[0]?.AttributeValue;
    if (value === undefined) return null;
    if (!/^\d+$/.test(value)) throw new MalformedReplyError("EC2 DescribeAccountAttributes reply", `field "max-instances": "${value}" is not a count`);
    return Number(value);
  }

  /** Follows an import task until it made an AMI, or says why it could not. */
  async function waitForImport(taskId: string, request: PublishImageRequest, signal?: AbortSignal): Promise<string> {
    const allowedMs = config.timeoutMs + uploadAllowanceMs(request.sizeBytes);
    const deadline = Date.now() + allowedMs;
    for (;;) {
      const command = new DescribeImportImageTasksCommand({ ImportTaskIds: [taskId] });
      const out = await call("DescribeImportImageTasks", () => client.send(command, { abortSignal: signal }));
      const task = parseReply(describeImportImageTasksOutputSchema, out, "EC2 DescribeImportImageTasks reply").ImportImageTasks.find((t) => t.ImportTaskId === taskId);
      if (!task) throw new MalformedReplyError("EC2 DescribeImportImageTasks reply", `task ${taskId} is missing`);
      if (task.Status === "completed" && task.ImageId) return task.ImageId;
      if (task.Status === "deleted" || task.Status === "deleting") throw new CloudApiError("bad_request", task.StatusMessage || `EC2 import task ${taskId} was ${task.Status}`);
      if (Date.now() > deadline) throw new CloudApiError("timeout", `EC2 import task ${taskId} is still ${task.Status} after ${Math.round(allowedMs / 1000)} s`);
      await sleep(IMPORT_POLL_MS, undefined, { signal });
    }
  }

  return {
    kind: "ec2",
    listVms,

    async listFlavors() {
      return CLASSIC_INSTANCE_TYPES.map((f) => ({ ...f }));
    },

    async getQuota(signal) {
      const [limit, vms] = await Promise.all([getMaxInstances(signal), listVms(signal)]);
      const live = vms.filter((vm) => LIVE_STATES.has(vm.state));
      const sizes = live.map((vm) => CLASSIC_INSTANCE_TYPES.find((f) => f.providerId === vm.flavorId));
      // EC2 publishes no core or memory limit: null here means unknown.
      return {
        instances: { used: live.length, limit },
        cores: { used: sizes.reduce((sum, f) => sum + (f?.vcpus ?? 0), 0), limit: null },
        ramMb: { used: sizes.reduce((sum, f) => sum + (f?.ramMb ?? 0), 0), limit: null },
      };
    },

    async listImages(signal) {
      const out = await call("DescribeImages", () => client.send(new DescribeImagesCommand({}), { abortSignal: signal }));
      const reply = parseReply(describeImagesOutputSchema, out, "EC2 DescribeImages reply");
      // Kernel and ramdisk images are listed too but cannot be launched.
      return reply.Images.filter((i) => i.ImageType === undefined || i.ImageType === "machine").map(mapImage);
    },

    async launch(request, signal) {
      const command = new RunInstancesCommand({
        ImageId: request.imageId,
        // The SDK types this as AWS's current list; these clouds name their own types.
        InstanceType: request.flavorId as _InstanceType,
        MinCount: 1,
        MaxCount: 1,
        ClientToken: request.clientToken,
        // The SDK sends UserData as given: the Query API wants it base64-encoded.
        UserData: request.userData ? Buffer.from(request.userData, "utf8").toString("base64") : undefined,
        TagSpecifications: [{ ResourceType: "instance", Tags: toLaunchTags(request) }],
      });
      const out = await call("RunInstances", () => client.send(command, { abortSignal: signal }));
      return { providerIds: parseReply(runInstancesOutputSchema, out, "EC2 RunInstances reply").Instances.map((i) => i.InstanceId) };
    },

    async destroy(providerId, signal) {
      const command = new TerminateInstancesCommand({ InstanceIds: [providerId] });
      await call("TerminateInstances", async () => {
        try {
          await client.send(command, { abortSignal: signal });
        } catch (err) {
          // Already gone is what we asked for; matched on the code, not on HTTP 404 from a wrong endpoint.
          if (err instanceof EC2ServiceException && err.name === "InvalidInstanceID.NotFound") return;
          throw err;
        }
      });
    },

    /**
     * ImportImage from the console's URL (the cloud downloads the bytes), with the version's
     * identifier as ClientToken, so a resumed publish gets the same task back; the AMI is then
     * tagged with the version. EC2 reports no checksum of its copy.
     */
    async publishImage(request, signal) {
      const filters = [{ Name: `tag:${IMAGE_VERSION_ID_PROPERTY}`, Values: [request.identifier] }];
      const out = await call("DescribeImages", () => client.send(new DescribeImagesCommand({ Filters: filters }), { abortSignal: signal }));
      const earlier = parseReply(describeImagesOutputSchema, out, "EC2 DescribeImages reply").Images.find((i) => i.State === undefined || i.State === "available");
      if (earlier) return { providerImageId: earlier.ImageId, hashAlgo: null, hashValue: null };
      const format = IMPORT_FORMATS[request.diskFormat];
      if (!format) throw new CloudApiError("bad_request", `EC2 imports ${Object.keys(IMPORT_FORMATS).join(", ")} disks, not ${request.diskFormat}`);
      const tags = [
        { Key: IMAGE_VERSION_ID_PROPERTY, Value: request.identifier },
        { Key: IMAGE_VERSION_LABEL_PROPERTY, Value: request.versionLabel },
      ];
      const command = new ImportImageCommand({
        ClientToken: request.identifier,
        Description: request.versionLabel,
        DiskContainers: [{ Description: request.name, Format: format, Url: request.sourceUrl }],
        TagSpecifications: [{ ResourceType: "import-image-task", Tags: tags }],
      });
      const task = parseReply(importImageOutputSchema, await call("ImportImage", () => client.send(command, { abortSignal: signal })), "EC2 ImportImage reply");
      const imageId = await waitForImport(task.ImportTaskId, request, signal);
      await call("CreateTags", () => client.send(new CreateTagsCommand({ Resources: [imageId], Tags: [...tags, { Key: "Name", Value: request.name }] }), { abortSignal: signal }));
      return { providerImageId: imageId, hashAlgo: null, hashValue: null };
    },

    async setMetadata(providerId, metadata, signal) {
      const tags = toTags(metadata);
      if (tags.length === 0) return;
      await call("CreateTags", () => client.send(new CreateTagsCommand({ Resources: [providerId], Tags: tags }), { abortSignal: signal }));
    },
  };
}
