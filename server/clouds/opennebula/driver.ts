import { setTimeout as sleep } from "node:timers/promises";
import { IMAGE_VERSION_LABEL_PROPERTY, TOKEN_METADATA_KEY } from "../../domain/vm-metadata";
import { z } from "zod";
import type { CloudDriver, DriverConfig, LaunchRequest, PublishImageRequest, PublishedImage } from "../driver";
import { CloudApiError } from "../errors";
import { uploadAllowanceMs } from "../http";
import { parseReply } from "../parse";
import { imageInfoSchema, imagePoolSchema, ONE_VERSION_ATTRIBUTE, parseOneXml, userSchema, vmPoolSchema, type OneImage } from "./api-types";
import { FLAVORS, isOsImage, mapImage, mapQuota, mapVm } from "./mapper";
import type { OpenNebulaCredentials } from "./spec";
import { createOneRpc, type XmlRpcParam } from "./xmlrpc";

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VM_STATE_DONE = 6;
const RESERVED_ATTRIBUTES = new Set(["NAME", "CPU", "VCPU", "MEMORY", "DISK", "NIC", "CONTEXT", "ERROR"]);
/** The default image datastore, where one.image.allocate downloads a PATH to. */
const IMAGE_DATASTORE = 1;
const IMAGE_STATE = { READY: 1, USED: 2, ERROR: 5 };
const IMAGE_POLL_MS = 500;

/** OpenNebula (StratusLab) over XML-RPC; `endpoint` is the .../RPC2 URL. */
export function createOpenNebulaDriver(config: DriverConfig<OpenNebulaCredentials>): CloudDriver {
  const rpc = createOneRpc(config.endpoint, config.timeoutMs);
  const call = (method: string, params: XmlRpcParam[], signal?: AbortSignal) => rpc.call(method, [toSession(config), ...params], signal);
  const callForXml = async (method: string, params: XmlRpcParam[], signal?: AbortSignal) =>
    parseReply(z.string(), await call(method, params, signal), `OpenNebula ${method} reply`);

  const listImagePool = async (signal?: AbortSignal) => parseOneXml(imagePoolSchema, await callForXml("one.imagepool.info", [-2, -1, -1], signal), "OpenNebula image pool").IMAGE_POOL.IMAGE;
  const readImage = async (id: number, signal?: AbortSignal) => parseOneXml(imageInfoSchema, await callForXml("one.image.info", [id], signal), "OpenNebula image").IMAGE;

  /** Polls until the datastore has the image (READY), or says why it could not (ERROR). */
  const waitUntilReady = async (id: number, request: PublishImageRequest, signal?: AbortSignal): Promise<OneImage> => {
    const allowedMs = config.timeoutMs + uploadAllowanceMs(request.sizeBytes);
    const deadline = Date.now() + allowedMs;
    for (;;) {
      const image = await readImage(id, signal);
      if (image.STATE === IMAGE_STATE.READY || image.STATE === IMAGE_STATE.USED) return image;
      if (image.STATE === IMAGE_STATE.ERROR) throw new CloudApiError("bad_request", image.TEMPLATE.ERROR ?? `OpenNebula image ${id} is in state ERROR`);
      if (Date.now() > deadline) throw new CloudApiError("timeout", `OpenNebula image ${id} is still not READY (state ${image.STATE}) after ${Math.round(allowedMs / 1000)} s`);
      await sleep(IMAGE_POLL_MS, undefined, { signal });
    }
  };

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
      return (await listImagePool(signal)).filter(isOsImage).map(mapImage);
    },

    /**
     * one.image.allocate with the console's URL as PATH: the datastore downloads the bytes itself,
     * and the image is ready when READY. A copy an earlier attempt made is waited for, not
     * made twice; one that failed (ERROR) is deleted and allocated afresh.
     */
    async publishImage(request, signal) {
      const mine = (await listImagePool(signal)).filter((i) => i.TEMPLATE[ONE_VERSION_ATTRIBUTE] === request.identifier);
      for (const failed of mine.filter((i) => i.STATE === IMAGE_STATE.ERROR)) await call("one.image.delete", [failed.ID], signal);
      const earlier = mine.find((i) => i.STATE !== IMAGE_STATE.ERROR);
      const id = earlier?.ID ?? parseReply(z.number().int(), await call("one.image.allocate", [renderImageTemplate(request), IMAGE_DATASTORE], signal), "OpenNebula one.image.allocate reply");
      return toPublished(await waitUntilReady(id, request, signal));
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

function renderImageTemplate(request: PublishImageRequest): string {
  return [
    `NAME = ${quote(request.name)}`,
    `PATH = ${quote(request.sourceUrl)}`,
    "TYPE = OS",
    `DESCRIPTION = ${quote(request.versionLabel)}`,
    `${ONE_VERSION_ATTRIBUTE} = ${quote(request.identifier)}`,
    `${IMAGE_VERSION_LABEL_PROPERTY.toUpperCase()} = ${quote(request.versionLabel)}`,
  ].join("\n");
}

/** OpenNebula computes MD5 and SHA1 of what it stored, never the catalogue's sha512. */
function toPublished(image: OneImage): PublishedImage {
  const [hashAlgo, hashValue] = image.TEMPLATE.SHA1 ? ["sha1", image.TEMPLATE.SHA1] : image.TEMPLATE.MD5 ? ["md5", image.TEMPLATE.MD5] : [null, null];
  return { providerImageId: String(image.ID), hashAlgo, hashValue };
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
