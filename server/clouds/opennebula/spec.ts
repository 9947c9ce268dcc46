import { z } from "zod";
import { defineCloudKind } from "../kind-spec";

const credentials = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });
export type OpenNebulaCredentials = z.infer<typeof credentials>;

export const opennebulaSpec = defineCloudKind({
  kind: "opennebula",
  label: "OpenNebula",
  credentials,
  userData: { limitBytes: 16_384, measured: "raw", note: "StratusLab/OpenNebula contexts take at most 16384 bytes of user data" },
  network: {
    acceptsSymbolic: false,
    describeSymbolic: (network) => `"${network}" is an OpenStack value; OpenNebula needs a virtual network name or id`,
  },
  publishesImages: true,
});
