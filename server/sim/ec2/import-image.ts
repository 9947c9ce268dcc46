import { createHash } from "node:crypto";
import { randomHex } from "../core/random";
import type { SimCloud, SimImage } from "../core/sim-cloud";
import { Ec2Fault, invalidValue, missing, throwing } from "./fault";
import { readList, readTags } from "./params";
import { set, text } from "./xml";

/** Disk formats ImportImage accepts (qcow2 is not among them). */
const FORMATS = new Set(["OVA", "VHD", "VHDX", "VMDK", "RAW"]);

interface ImportTask {
  id: string;
  clientToken: string | null;
  description: string;
  status: "active" | "completed" | "deleted";
  statusMessage: string;
  progress: number;
  imageId: string | null;
  tags: Record<string, string>;
}

/**
 * ImportImage from a URL the cloud downloads itself, and DescribeImportImageTasks to follow it:
 * the task is active while the bytes come in, then completed with a new AMI, or deleted saying
 * why. A ClientToken used again answers with the task it first made.
 */
export function createImageImports(cloud: SimCloud, random: () => number) {
  const tasks = new Map<string, ImportTask>();

  const renderTask = (task: ImportTask): string =>
    [
      text("importTaskId", task.id),
      text("description", task.description),
      text("status", task.status),
      text("statusMessage", task.statusMessage),
      task.status === "active" ? text("progress", task.progress) : "",
      task.imageId ? text("imageId", task.imageId) : "",
      Object.keys(task.tags).length > 0 ? set("tagSet", Object.entries(task.tags).map(([key, value]) => text("key", key) + text("value", value))) : "",
    ].join("");

  const download = async (task: ImportTask, url: string): Promise<void> => {
    const fail = (why: string) => Object.assign(task, { status: "deleted", statusMessage: `ClientError: ${why}` });
    try {
      const res = await fetch(url);
      if (!res.ok) return void fail(`Unable to download the disk image from ${url}: HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      const fault = cloud.faults.imageUpload;
      if (fault === "over_quota") return void fail(`Disk image of ${bytes.length} bytes exceeds the account's image storage limit`);
      const stored = fault === "corrupt" ? Buffer.concat([bytes, Buffer.from([0])]) : bytes;
      const image: SimImage = { id: `ami-${randomHex(random, 8)}`, name: `import-ami-${task.id.slice(11)}`, os: "", sizeBytes: stored.length, sha512: createHash("sha512").update(stored).digest("hex"), status: "available", properties: {} };
      cloud.images.push(image);
      Object.assign(task, { status: "completed", statusMessage: "", progress: 100, imageId: image.id });
    } catch (err) {
      fail(`Unable to download the disk image from ${url}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return {
    ImportImage(params: URLSearchParams): string {
      const clientToken = params.get("ClientToken");
      const earlier = clientToken === null ? undefined : [...tasks.values()].find((t) => t.clientToken === clientToken);
      if (earlier) return renderTask(earlier);
      if (params.has("DiskContainer.2.Url")) throw invalidValue("Only one disk container is supported for this import");
      const url = params.get("DiskContainer.1.Url") ?? throwing(missing("DiskContainer.1.Url"));
      const format = (params.get("DiskContainer.1.Format") ?? throwing(missing("DiskContainer.1.Format"))).toUpperCase();
      if (!FORMATS.has(format)) throw invalidValue(`Value (${format}) for parameter DiskContainer.1.Format is invalid. Supported formats: ${[...FORMATS].join(", ")}`);
      const task: ImportTask = {
        id: `import-ami-${randomHex(random, 17)}`,
        clientToken,
        description: params.get("Description") ?? "",
        status: "active",
        statusMessage: "pending",
        progress: 2,
        imageId: null,
        tags: readImportTaskTags(params),
      };
      tasks.set(task.id, task);
      void download(task, url);
      return renderTask(task);
    },

    DescribeImportImageTasks(params: URLSearchParams): string {
      const ids = readList(params, "ImportTaskId");
      const unknown = ids.find((id) => !tasks.has(id));
      if (unknown) throw new Ec2Fault(400, "InvalidConversionTaskId.Malformed", `The import task ID '${unknown}' is malformed or does not exist`);
      const listed = ids.length > 0 ? ids.map((id) => tasks.get(id)!) : [...tasks.values()];
      return set("importImageTaskSet", listed.map(renderTask));
    },
  };
}

function readImportTaskTags(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let n = 1; params.has(`TagSpecification.${n}.ResourceType`); n++) {
    const type = params.get(`TagSpecification.${n}.ResourceType`);
    if (type !== "import-image-task") throw invalidValue(`'${type}' is not a valid taggable resource type for this operation.`);
    Object.assign(tags, readTags(params, `TagSpecification.${n}.Tag`));
  }
  return tags;
}
