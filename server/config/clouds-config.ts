import fs from "node:fs";
import YAML from "yaml";
import { z } from "zod";
import { checkCredentials } from "../clouds/kind-spec";
import { specFor } from "../clouds/registry";
import { CLOUD_KINDS } from "../domain/vocabulary";
import { CONTEXT_METHODS } from "../domain/vocabulary";

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name");

const cloudEntry = z.object({
  name: z.string().min(1).max(80),
  kind: z.enum(CLOUD_KINDS),
  endpoint: z.url(),
  region: z.string().min(1).optional(),
  /** Credential field -> name of the environment variable that holds it; secrets never sit in this file. */
  credentialsEnv: z.record(z.string(), envName),
  contextMethod: z.enum(CONTEXT_METHODS).optional(),
  costPerCoreHour: z.number().nonnegative().optional(),
  pollVmsSec: z.number().int().min(5).max(3600).optional(),
  pollLimitsSec: z.number().int().min(5).max(3600).optional(),
  pollImagesSec: z.number().int().min(30).max(86_400).optional(),
  timeoutMs: z.number().int().min(500).max(120_000).optional(),
});

/** The PanDA server whose job statistics size the queues; its token sits in the environment. */
const pandaEntry = z.object({
  endpoint: z.url(),
  tokenEnv: envName,
  timeoutMs: z.number().int().min(500).max(120_000).optional(),
  pollSec: z.number().int().min(10).max(3600).optional(),
});

const queueEntry = z.object({
  name: z.string().min(1).max(120),
  /** Names of the clouds (above) whose VMs serve the queue. */
  clouds: z.array(z.string().min(1)).min(1),
});

const configFile = z
  .object({ clouds: z.array(cloudEntry).min(1), panda: pandaEntry.optional(), queues: z.array(queueEntry).optional() })
  .superRefine((config, ctx) => {
    const names = new Set(config.clouds.map((c) => c.name));
    if (config.queues?.length && !config.panda) ctx.addIssue({ code: "custom", path: ["panda"], message: "required when queues are configured" });
    config.queues?.forEach((q, i) =>
      q.clouds.forEach((c, j) => {
        if (!names.has(c)) ctx.addIssue({ code: "custom", path: ["queues", i, "clouds", j], message: `no cloud named "${c}" is configured` });
      }),
    );
  });

export interface ConfiguredQueue {
  name: string;
  clouds: string[];
  endpoint: string;
  token: string;
  timeoutMs?: number;
  pollSec?: number;
}

export interface ConfiguredCloud extends Omit<z.infer<typeof cloudEntry>, "credentialsEnv"> {
  credentials: Record<string, string>;
}

/** Reads CLOUDSCOPE_CONFIG (JSON or YAML); every problem names the field or variable at fault. */
export function loadCloudsConfig(file: string, env: Record<string, string | undefined> = process.env): ConfiguredCloud[] {
  return readConfigFile(file).clouds.map(({ credentialsEnv, ...rest }) => {
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

/** The PanDA queues of CLOUDSCOPE_CONFIG, each with its server and token (none when the file names no queues). */
export function loadQueuesConfig(file: string, env: Record<string, string | undefined> = process.env): ConfiguredQueue[] {
  const { panda, queues = [] } = readConfigFile(file);
  if (!panda || queues.length === 0) return [];
  const token = env[panda.tokenEnv];
  if (!token) throw new Error(`${file}: panda needs environment variable ${panda.tokenEnv} (its token)`);
  return queues.map((q) => ({ ...q, endpoint: panda.endpoint, token, timeoutMs: panda.timeoutMs, pollSec: panda.pollSec }));
}

function readConfigFile(file: string): z.infer<typeof configFile> {
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
  return parsed.data;
}
