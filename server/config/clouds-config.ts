import fs from "node:fs";
import YAML from "yaml";
import { z } from "zod";
import { checkCredentials } from "../clouds/kind-spec";
import { specFor } from "../clouds/registry";
import { CLOUD_KINDS } from "../domain/vocabulary";
import { CONTEXT_METHODS } from "../domain/vocabulary";

const cloudEntry = z.object({
  name: z.string().min(1).max(80),
  kind: z.enum(CLOUD_KINDS),
  endpoint: z.url(),
  region: z.string().min(1).optional(),
  /** Credential field -> name of the environment variable that holds it; secrets never sit in this file. */
  credentialsEnv: z.record(z.string(), z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name")),
  contextMethod: z.enum(CONTEXT_METHODS).optional(),
  costPerCoreHour: z.number().nonnegative().optional(),
  pollVmsSec: z.number().int().min(5).max(3600).optional(),
  pollLimitsSec: z.number().int().min(5).max(3600).optional(),
  pollImagesSec: z.number().int().min(30).max(86_400).optional(),
  timeoutMs: z.number().int().min(500).max(120_000).optional(),
});

const configFile = z.object({ clouds: z.array(cloudEntry).min(1) });

export interface ConfiguredCloud extends Omit<z.infer<typeof cloudEntry>, "credentialsEnv"> {
  credentials: Record<string, string>;
}

/** Reads CLOUDSCOPE_CONFIG (JSON or YAML); every problem names the field or variable at fault. */
export function loadCloudsConfig(file: string, env: Record<string, string | undefined> = process.env): ConfiguredCloud[] {
  const text = fs.readFileSync(file, "utf8");
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: cannot parse: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = configFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: field "${issue?.path.join(".") ?? "(root)"}": ${issue?.message ?? "invalid"}`);
  }
  return parsed.data.clouds.map(({ credentialsEnv, ...rest }) => {
    const credentials: Record<string, string> = {};
    for (const [field, variable] of Object.entries(credentialsEnv)) {
      const value = env[variable];
      if (!value) throw new Error(`${file}: cloud "${rest.name}" needs environment variable ${variable} (for ${field})`);
      credentials[field] = value;
    }
    // Checked here, not at the first poll: a mistyped field stops the start, naming it.
    const problem = checkCredentials(specFor(rest.kind), credentials);
    if (problem) throw new Error(`${file}: cloud "${rest.name}": ${problem}`);
    return { ...rest, credentials };
  });
}
