import type { CloudDriver, DriverConfig } from "../driver";
import { CloudApiError } from "../errors";
import { createOpenStackClient, type OpenStackClientOptions } from "./client";
import { IMAGE_VERSION_ID_PROPERTY } from "../../domain/vm-metadata";
import { checkMetadata, toCreateImageBody, toCreateServerBody, toProviderFlavor, toProviderImage, toProviderQuota, toProviderVm } from "./mapper";
import type { OpenStackCredentials } from "./spec";

/** How far back a poll looks for deleted servers: an outage longer than this leaves them unseen. */
const DELETED_LOOKBACK_MS = 60 * 60_000;
const DELETED_STATUSES = new Set(["DELETED", "SOFT_DELETED"]);
/** Glance statuses of an image an earlier attempt left behind that cannot take data any more: it is replaced. */
const GONE_IMAGE_STATUSES = new Set(["deleted", "pending_delete"]);

export function createOpenStackDriver(config: DriverConfig<OpenStackCredentials>, options: OpenStackClientOptions = {}): CloudDriver {
  const client = createOpenStackClient(config, options);
  const now = options.now ?? Date.now;
  return {
    kind: "openstack",

    async listVms(signal) {
      // Servers deleted lately show only to a changes-since query; without them, one deleted
      // by someone else would look lost instead of terminated.
      const since = new Date(now() - DELETED_LOOKBACK_MS);
      const [servers, changed, flavors] = await Promise.all([client.listServers(signal), client.listServers(signal, since), client.listFlavors(signal)]);
      const live = new Set(servers.map((s) => s.id));
      const deleted = changed.filter((s) => !live.has(s.id) && DELETED_STATUSES.has(s.status));
      // From microversion 2.47 servers name their flavor instead of giving its id.
      const flavorIdByName = new Map(flavors.map((f) => [f.name, f.id]));
      return [...servers, ...deleted].map((s) => toProviderVm(s, flavorIdByName));
    },

    async listFlavors(signal) {
      return (await client.listFlavors(signal)).map(toProviderFlavor);
    },

    async getQuota(signal) {
      return toProviderQuota(await client.getLimits(signal));
    },

    async listImages(signal) {
      return (await client.listImages(signal)).map(toProviderImage);
    },

    async launch(request, signal) {
      return { providerIds: [await client.createServer(toCreateServerBody(request), signal)] };
    },

    async destroy(providerId, signal) {
      try {
        await client.deleteServer(providerId, signal);
      } catch (err) {
        if (err instanceof CloudApiError && err.kind === "not_found") return;
        throw err;
      }
    },

    async setMetadata(providerId, metadata, signal) {
      checkMetadata(metadata);
      await client.replaceMetadata(providerId, metadata, signal);
    },

    async publishImage(request, signal) {
      // A Glance that ignores an unknown filter lists everything: keep only our version's images.
      const earlier = (await client.findImages(IMAGE_VERSION_ID_PROPERTY, request.identifier, signal)).filter(
        (i) => i[IMAGE_VERSION_ID_PROPERTY] === request.identifier && !GONE_IMAGE_STATUSES.has(i.status),
      );
      let image = earlier.find((i) => i.status === "active") ?? earlier.find((i) => i.status === "queued");
      // Others (killed, or saving when the worker died mid-upload) cannot be finished: replaced, so one copy remains.
      for (const stale of earlier) if (stale !== image) await client.deleteImage(stale.id, signal);
      image ??= await client.createImage(toCreateImageBody(request), signal);
      if (image.status === "queued") {
        await client.uploadImageData(image.id, request.openBytes, request.sizeBytes, signal);
        image = await client.getImage(image.id, signal);
      }
      if (image.status !== "active") throw new CloudApiError("bad_request", `Glance left image ${image.id} ${image.status} after the upload`);
      return { providerImageId: image.id, hashAlgo: image.os_hash_algo ?? null, hashValue: image.os_hash_value ?? null };
    },
  };
}
