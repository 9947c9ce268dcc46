import { z } from "zod";
import { defineCloudKind } from "../kind-spec";

const credentials = z.strictObject({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) });
export type Ec2Credentials = z.infer<typeof credentials>;

export const ec2Spec = defineCloudKind({
  kind: "ec2",
  label: "EC2",
  credentials,
  userData: { limitBytes: 16_384, measured: "raw", note: "EC2 takes at most 16384 bytes of UserData before base64" },
  // "auto"/"none" mean the default network, which EC2 picks when none is named: nothing to warn about.
  network: { acceptsSymbolic: false, describeSymbolic: () => null },
  publishesImages: true,
});
