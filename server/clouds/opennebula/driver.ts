import { TOKEN_METADATA_KEY } from "../../domain/vm-metadata";
import { z } from "zod";
import type { CloudDriver, DriverConfig, LaunchRequest } from "../driver";
import { CloudApiError } from "../errors";
import { parseReply } from "../parse";
import { imagePoolSchema, parseOneXml, userSchema, vmPoolSchema } from "./api-types";
import { FLAVORS, isOsImage, mapImage, mapQuota, mapVm } from "./mapper";
import type { OpenNebulaCredentials } from "./spec";
import { createOneRpc, type XmlRpcParam } from "./xmlrpc";

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VM_STATE_DONE = 6;
const RESERVED_ATTRIBUTES = new Set(["NAME", "CPU", "VCPU", "MEMORY", "DISK", "NIC", "CONTEXT", "ERROR"]);

/** OpenNebula (StratusLab) over XML-RPC; `endpoint` is the .../RPC2 URL. */
export function createOpenNebulaDriver(config: DriverConfig<OpenNebulaCredentials>): CloudDriver {
  const rpc = createOneRpc(config.endpoint, config.timeoutMs);
  const call = (method: string, params: XmlRpcParam[], signal?: AbortSignal) => rpc.call(method, [toSession(config), ...params], signal);
  const callForXml = async (method: string, params: XmlRpcParam[], signal?: AbortSignal) =>
    parseReply(z.string(), await call(method, params, signal), `OpenNebula ${method} reply`);

  const listPool = async (params: XmlRpcParam[], signal?: AbortSignal) =>
    parseOneXml(vmPoolSchema, await callForXml("one.vmpool.info", params, signal), "OpenNebula VM pool").VM_POOL.VM;
  /** The lowest VM id the last successful listing showed live; the driver is kept across polls. */
  let oldestLive: number | null = null;

  return {
    kind: "opennebula",

    async listVms(signal) {
      // State filter -1 leaves DONE (terminated) VMs out; a guest that shut itself down stays, as POWEROFF.
      const live = await listPool([-2, -1, -1, -1], signal);
      // OpenNebula keeps DONE VMs for ever, so only those from the oldest VM live at the last
      // listing on are asked for: what was terminated since, by anyone, shows as terminated.
      const from = oldestLive ?? lowestId(live);
      const liveIds = new Set(live.map((vm) => vm.ID));
      const done = from === null ? [] : (await listPool([-2, from, -1, VM_STATE_DONE], signal)).filter((vm) => !liveIds.has(vm.ID));
      oldestLive = lowestId(live) ?? (from === null ? null : Math.max(from, ...done.map((vm) => vm.ID + 1)));
      return [...live, ...done].map(mapVm);
    },

    async listFlavors() {
      return [...FLAVORS];
    },

    async getQuota(signal) {
      const xml = await callForXml("one.user.info", [-1], signal);
      return mapQuota(parseOneXml(userSchema, xml, "OpenNebula user").USER);
    },

    async listImages(signal) {
      const xml = await callForXml("one.imagepool.info", [-2, -1, -1], signal);
      return parseOneXml(imagePoolSchema, xml, "OpenNebula image pool").IMAGE_POOL.IMAGE.filter(isOsImage).map(mapImage);
    },

    async launch(request, signal) {
      const id = await call("one.vm.allocate", [renderVmTemplate(request), false], signal);
      return { providerIds: [String(parseReply(z.number().int(), id, "OpenNebula one.vm.allocate reply"))] };
    },

    async destroy(providerId, signal) {
      try {
        await call("one.vm.action", ["terminate-hard", toVmId(providerId)], signal);
      } catch (err) {
        if (!(err instanceof CloudApiError && err.kind === "not_found")) throw err;
      }
    },

    async setMetadata(providerId, metadata, signal) {
      // Update type 1 merges into USER_TEMPLATE; 0 would drop every attribute not sent.
      await call("one.vm.update", [toVmId(providerId), renderAttributes(metadata), 1], signal);
    },
  };
}

function lowestId(vms: { ID: number }[]): number | null {
  return vms.length === 0 ? null : Math.min(...vms.map((vm) => vm.ID));
}

/** Every call carries the session string "user:password". */
function toSession(config: DriverConfig<OpenNebulaCredentials>): string {
  const { username, password } = config.credentials;
  return `${username}:${password}`;
}

function renderVmTemplate(request: LaunchRequest): string {
  const flavor = FLAVORS.find((f) => f.providerId === request.flavorId);
  if (!flavor) {
    throw new CloudApiError("bad_request", `Unknown size "${request.flavorId}": OpenNebula sizes here are ${FLAVORS.map((f) => f.providerId).join(", ")}`);
  }
  if (!/^\d+$/.test(request.imageId)) throw new CloudApiError("bad_request", `OpenNebula image ids are numbers, not "${request.imageId}"`);
  const userData = Buffer.from(request.userData, "utf8");
  return [
    `NAME = ${quote(request.name)}`,
    `CPU = ${flavor.vcpus}`,
    `VCPU = ${flavor.vcpus}`,
    `MEMORY = ${flavor.ramMb}`,
    `DISK = [ IMAGE_ID = ${request.imageId} ]`,
    ...(request.network ? [`NIC = [ NETWORK = ${quote(request.network)} ]`] : []),
    `CONTEXT = [ CONTEXT_METHOD = "cloud-init", CLOUD_INIT_USER_DATA = ${quote(userData.toString("base64"))} ]`,
    renderAttributes({ ...request.metadata, [TOKEN_METADATA_KEY]: request.clientToken }),
  ].join("\n");
}

/** Metadata as top-level template attributes, which OpenNebula keeps in USER_TEMPLATE. */
function renderAttributes(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => {
      const name = key.toUpperCase();
      if (!ATTRIBUTE_NAME.test(key) || RESERVED_ATTRIBUTES.has(name)) {
        throw new CloudApiError("bad_request", `Metadata key "${key}" cannot be an OpenNebula template attribute`);
      }
      return `${name} = ${quote(value)}`;
    })
    .join("\n");
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function toVmId(providerId: string): number {
  if (!/^\d+$/.test(providerId)) throw new CloudApiError("not_found", `OpenNebula VM ids are numbers, not "${providerId}"`);
  return Number(providerId);
}
