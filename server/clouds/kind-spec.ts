import type { z } from "zod";
import type { ContextSizeLimit } from "../domain/contextualization";
import type { NetworkRule } from "../domain/site-params";
import type { CloudKind } from "../domain/vocabulary";
import type { CloudCredentials } from "./driver";

/**
 * Everything the rest of cloudscope needs to know about one cloud kind: data only, so what
 * imports it (the web's services) carries no driver; driver-registry.ts joins the drivers.
 */
export interface CloudKindSpec<K extends CloudKind = CloudKind, C extends CloudCredentials = CloudCredentials> {
  kind: K;
  /** The kind as people write it ("OpenStack"). */
  label: string;
  /** The credential fields the driver reads; a configuration naming any other field is refused. */
  credentials: z.ZodType<C>;
  userData: ContextSizeLimit;
  network: NetworkRule;
  /** Whether catalogue versions can be published to clouds of this kind (the driver has publishImage). */
  publishesImages: boolean;
}

/** Keeps the kind's own credential type, which its driver is bound to. */
export function defineCloudKind<K extends CloudKind, C extends CloudCredentials>(spec: CloudKindSpec<K, C>): CloudKindSpec<K, C> {
  return spec;
}

/** null when the credentials suit the kind, else a message naming each wrong, missing or unknown field. */
export function checkCredentials(spec: CloudKindSpec, credentials: unknown): string | null {
  const parsed = spec.credentials.safeParse(credentials);
  return parsed.success ? null : describeCredentialIssues(spec.label, parsed.error);
}

export function describeCredentialIssues(label: string, error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `"${key}" is not a field of these credentials`).join("; ");
    const field = issue.path.join(".") || "(all)";
    return issue.code === "invalid_type" && issue.input === undefined ? `"${field}" is missing` : `"${field}": ${issue.message}`;
  });
  return `${label} credentials: ${problems.join("; ")}`;
}
