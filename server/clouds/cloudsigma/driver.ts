import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { CloudDriver, DriverConfig, LaunchRequest } from "../driver";
import { CloudApiError } from "../errors";
import { parseReply } from "../parse";
import { IMAGE_VERSION_ID_PROPERTY, IMAGE_VERSION_LABEL_PROPERTY } from "../../domain/vm-metadata";
import { createdSchema, currentUsageSchema, driveSchema, editableServerSchema, publishedDriveSchema, serverSchema, serverSummarySchema, uploadReplySchema } from "./api-types";
import { createCloudSigmaClient } from "./client";
import { FLAVORS, META, mapImage, mapQuota, mapVm, toServerSize } from "./mapper";
import type { CloudSigmaCredentials } from "./spec";

const POLL_MS = 1_000;
const WAIT_MS = 5 * 60_000;
const MAX_META_KEY = 32;
const statusSchema = z.object({ status: z.string() });

/** CloudSigma API 2.0; `endpoint` is the .../api/2.0/ base. */
export function createCloudSigmaDriver(config: DriverConfig<CloudSigmaCredentials>): CloudDriver {
  const client = createCloudSigmaClient(config);
  const readStatus = async (path: string, what: string, signal?: AbortSignal) => parseReply(statusSchema, await client.send("GET", path, { signal }), what).status;

  return {
    kind: "cloudsigma",

    async listVms(signal) {
      return (await client.listAll("servers/detail/", serverSchema, "CloudSigma server list", signal)).map(mapVm);
    },

    async listFlavors() {
      return [...FLAVORS];
    },

    async getQuota(signal) {
      const [servers, usage] = await Promise.all([
        client.listAll("servers/", serverSummarySchema, "CloudSigma server list", signal),
        client.send("GET", "currentusage/", { signal }),
      ]);
      return mapQuota(
        servers.map((s) => s.status),
        parseReply(currentUsageSchema, usage, "CloudSigma current usage"),
      );
    },

    async listImages(signal) {
      const drives = await client.listAll("libdrives/", driveSchema, "CloudSigma library drives", signal);
      // Install CDs attach directly; only disks are cloned and booted.
      return drives.filter((d) => d.media !== "cdrom").map(mapImage);
    },

    async launch(request, signal) {
      const definition = toServerDefinition(request);
      const cloned = await client.send("POST", `libdrives/${encodeURIComponent(request.imageId)}/action/?do=clone`, { body: { name: `${request.name}-disk` }, signal });
      const drive = parseReply(createdSchema, cloned, "CloudSigma clone reply").objects[0].uuid;
      const server = await undoOnFailure(
        async () => {
          await waitForStatus(() => readStatus(`drives/${drive}/`, "CloudSigma drive", signal), "unmounted", `Drive ${drive}`, signal);
          const drives = [{ boot_order: 1, dev_channel: "0:0", device: "virtio", drive }];
          const created = await client.send("POST", "servers/", { body: { objects: [{ ...definition, drives }] }, signal });
          return parseReply(createdSchema, created, "CloudSigma server creation reply").objects[0].uuid;
        },
        () => client.send("DELETE", `drives/${drive}/`),
      );
      await undoOnFailure(
        () => client.send("POST", `servers/${server}/action/?do=start`, { signal }),
        () => client.send("DELETE", `servers/${server}/?recurse=all_drives`),
      );
      return { providerIds: [server] };
    },

    async destroy(providerId, signal) {
      const path = `servers/${encodeURIComponent(providerId)}/`;
      try {
        const status = await readStatus(path, "CloudSigma server", signal);
        // Only a stopped server can be deleted; stop is the hard power-off.
        if (status !== "stopped") {
          if (status !== "stopping") await client.send("POST", `${path}action/?do=stop`, { signal });
          await waitForStatus(() => readStatus(path, "CloudSigma server", signal), "stopped", `Server ${providerId}`, signal);
        }
        await client.send("DELETE", `${path}?recurse=all_drives`, { signal });
      } catch (err) {
        if (err instanceof CloudApiError && err.kind === "not_found") return;
        throw err;
      }
    },

    /**
     * Uploads the bytes as a new drive, then names and tags it (the upload takes bytes only);
     * CloudSigma reports no checksum, so the copy stays unverified. A worker killed between the
     * upload and the tagging leaves an untagged drive behind, which the resumed publish cannot know as its own.
     */
    async publishImage(request, signal) {
      const drives = await client.listAll("libdrives/", publishedDriveSchema, "CloudSigma library drives", signal);
      const earlier = drives.find((d) => d.meta[IMAGE_VERSION_ID_PROPERTY] === request.identifier && d.status !== "unavailable");
      if (earlier) return { providerImageId: earlier.uuid, hashAlgo: null, hashValue: null };
      const uuid = parseReply(uploadReplySchema, await client.upload("drives/upload/", request.openBytes, request.sizeBytes, signal), "CloudSigma upload reply");
      const meta = checkMeta({ [IMAGE_VERSION_ID_PROPERTY]: request.identifier, [IMAGE_VERSION_LABEL_PROPERTY]: request.versionLabel });
      await client.send("PUT", `drives/${uuid}/`, { body: { name: request.name, media: "disk", size: request.sizeBytes, meta }, signal });
      return { providerImageId: uuid, hashAlgo: null, hashValue: null };
    },

    async setMetadata(providerId, metadata, signal) {
      const path = `servers/${encodeURIComponent(providerId)}/`;
      const server = parseReply(editableServerSchema, await client.send("GET", path, { signal }), "CloudSigma server");
      // PUT replaces the whole meta: keep what is there (user data included), set the rest.
      await client.send("PUT", path, { body: { ...server, meta: checkMeta({ ...server.meta, ...metadata }) }, signal });
    },
  };
}

function toServerDefinition(request: LaunchRequest) {
  const flavor = FLAVORS.find((f) => f.providerId === request.flavorId);
  if (!flavor) {
    throw new CloudApiError("bad_request", `Unknown size "${request.flavorId}": CloudSigma sizes here are ${FLAVORS.map((f) => f.providerId).join(", ")}`);
  }
  const meta = checkMeta({
    ...request.metadata,
    [META.token]: request.clientToken,
    [META.image]: request.imageId,
    [META.userData]: Buffer.from(request.userData, "utf8").toString("base64"),
    [META.base64Fields]: META.userData,
  });
  const nic = request.network ? { model: "virtio", vlan: request.network } : { model: "virtio", ip_v4_conf: { conf: "dhcp" } };
  return { name: request.name, ...toServerSize(flavor), vnc_password: randomBytes(9).toString("base64url"), nics: [nic], meta };
}

function checkMeta(meta: Record<string, string>): Record<string, string> {
  const tooLong = Object.keys(meta).find((key) => key.length > MAX_META_KEY);
  if (tooLong) throw new CloudApiError("bad_request", `Metadata key "${tooLong}" is longer than CloudSigma's ${MAX_META_KEY} characters`);
  return meta;
}

/** Runs `step`; when it fails, tries `undo` and rethrows the step's error, the one the caller needs. */
async function undoOnFailure<T>(step: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await undo().catch(() => undefined);
    throw err;
  }
}

/** Polls until `wanted`; a copy or power-off is asynchronous behind its 202. */
async function waitForStatus(read: () => Promise<string>, wanted: string, what: string, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const status = await read();
    if (status === wanted) return;
    if (status === "unavailable") throw new CloudApiError("server_error", `${what} became unavailable`);
    if (Date.now() > deadline) throw new CloudApiError("timeout", `${what} is still ${status} after ${WAIT_MS / 1000} s`);
    await sleep(POLL_MS, undefined, { signal });
  }
}
