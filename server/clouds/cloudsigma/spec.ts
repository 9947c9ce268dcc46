import { z } from "zod";
import { defineCloudKind } from "../kind-spec";

const credentials = z.strictObject({ email: z.string().min(1), password: z.string().min(1) });
export type CloudSigmaCredentials = z.infer<typeof credentials>;

export const cloudsigmaSpec = defineCloudKind({
  kind: "cloudsigma",
  label: "CloudSigma",
  credentials,
  // CloudSigma documents no limit for a meta value; cloudscope holds it to Nova's, so a context that fits one cloud fits all.
  userData: { limitBytes: 65_535, measured: "base64", note: "CloudSigma meta values have no documented limit; cloudscope allows 65535 bytes of base64" },
  network: {
    acceptsSymbolic: false,
    describeSymbolic: (network) => `"${network}" is an OpenStack value; CloudSigma needs a VLAN uuid`,
  },
  publishesImages: true,
});
