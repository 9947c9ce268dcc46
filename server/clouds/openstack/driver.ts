import type { CloudDriver, DriverConfig } from "../driver";
import { CloudApiError } from "../errors";
import { createOpenStackClient, type OpenStackClientOptions } from "./client";
import { checkMetadata, toCreateServerBody, toProviderFlavor, toProviderImage, toProviderQuota, toProviderVm } from "./mapper";

export function createOpenStackDriver(config: DriverConfig, options: OpenStackClientOptions = {}): CloudDriver {
  const client = createOpenStackClient(config, options);
  return {
    kind: "openstack",

    async listVms(signal) {
      // From microversion 2.47 servers name their flavor instead of giving its id.
      const [servers, flavors] = await Promise.all([client.listServers(signal), client.listFlavors(signal)]);
      const flavorIdByName = new Map(flavors.map((f) => [f.name, f.id]));
      return servers.map((s) => toProviderVm(s, flavorIdByName));
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
  };
}
