import { z } from "zod";
import { defineCloudKind } from "../kind-spec";

const credentials = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
  userDomain: z.string().min(1),
  project: z.string().min(1),
  projectDomain: z.string().min(1),
});
export type OpenStackCredentials = z.infer<typeof credentials>;

export const openstackSpec = defineCloudKind({
  kind: "openstack",
  label: "OpenStack",
  credentials,
  userData: { limitBytes: 65_535, measured: "base64", note: "Nova takes user_data base64-encoded, at most 65535 bytes" },
  network: {
    acceptsSymbolic: true,
    describeSymbolic: (network) => `"${network}" needs Nova compute API 2.37 or later; give a network id for older clouds`,
  },
  publishesImages: true,
});
