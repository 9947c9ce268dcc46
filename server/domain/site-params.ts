import { z } from "zod";

/**
 * Per-cloud site parameters: what a VM needs to know about the site it boots in
 * (CVMFS squid, HTCondor central manager, PanDA queue, ...). Stored as versioned JSON in
 * site_param_version and rendered into contextualization by ./contextualization.ts.
 */

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`);
const PROXY_RE = /^http:\/\/([^/:\s]+):(\d{1,5})\/?$/;

export function isHostname(value: string): boolean {
  return value.length <= 253 && HOSTNAME_RE.test(value);
}

function isPort(value: string): boolean {
  const port = Number(value);
  return /^\d{1,5}$/.test(value) && port >= 1 && port <= 65535;
}

/** CVMFS_HTTP_PROXY: load-balanced groups ("|") tried in order (";"), each an http://host:port proxy or DIRECT. */
export function describeProxyProblem(value: string): string | null {
  if (value === "") return "Give at least one proxy, e.g. http://squid.example.org:3128 (or DIRECT)";
  for (const entry of value.split(/[;|]/)) {
    if (entry === "DIRECT") continue;
    if (entry === "") return 'An empty entry between ";" or "|" separators: remove the extra separator';
    const match = PROXY_RE.exec(entry);
    if (!match) return `"${entry}" is not a proxy: write http://host:port (separate several with ";" or "|"), or DIRECT`;
    if (!isHostname(match[1] ?? "")) return `"${match[1]}" in "${entry}" is not a valid host name`;
    if (!isPort(match[2] ?? "")) return `The port in "${entry}" must be between 1 and 65535`;
  }
  return null;
}

export function describeHostPortProblem(value: string): string | null {
  const [host = "", port, ...rest] = value.split(":");
  if (rest.length > 0 || !isHostname(host) || (port !== undefined && !/^\d+$/.test(port))) return `"${value}" is not a host name or host:port (e.g. condor.example.org:9618)`;
  if (port !== undefined && !isPort(port)) return "The port must be between 1 and 65535";
  return null;
}

/** Names that would change how the VM's shell behaves if a sourced context set them. */
const SHELL_SENSITIVE = new Set(["PATH", "IFS", "HOME", "SHELL", "ENV", "CDPATH", "PS1", "PS2", "PS3", "PS4", "SHELLOPTS", "BASHOPTS", "PROMPT_COMMAND", "OPTIND", "OPTARG", "PWD", "OLDPWD", "UID", "EUID", "PPID"]);
/** Variables the rendered context defines itself; an extra key must not shadow them. */
export const RESERVED_CONTEXT_VARIABLES = [
  "CVMFS_HTTP_PROXY",
  "CONDOR_HOST",
  "PANDA_QUEUE",
  "NTP_SERVERS",
  "SSH_KEY_NAMES",
  "VM_NAME",
  "CLOUD_NAME",
  "CLOUDSCOPE_ACTION_ID",
  "CLOUDSCOPE_TOKEN",
] as const;
const RESERVED = new Set<string>(RESERVED_CONTEXT_VARIABLES);

export const EXTRA_VALUE_MAX_BYTES = 1024;
export const EXTRA_MAX_KEYS = 64;

const utf8 = new TextEncoder();

function describeExtraKeyProblem(key: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `"${key}" is not a valid name: use letters, digits and _ and do not start with a digit`;
  if (key.length > 64) return `"${key.slice(0, 20)}…" is too long: at most 64 characters`;
  const upper = key.toUpperCase();
  if (RESERVED.has(upper)) return `"${key}" is set by cloudscope itself; use the field above or another name`;
  if (SHELL_SENSITIVE.has(upper) || upper.startsWith("LD_") || upper.startsWith("BASH")) return `"${key}" would change how the VM's shell behaves; choose another name`;
  return null;
}

const hostList = (what: string, max: number) =>
  z
    .array(z.string().trim().min(1, `An empty ${what}: remove it`).max(253))
    .max(max, `At most ${max} ${what}s`)
    .refine((list) => new Set(list).size === list.length, `Each ${what} only once`);

export const siteParamsSchema = z.object({
  cvmfsProxy: z
    .string({ error: "Give the CVMFS HTTP proxy" })
    .trim()
    .max(1000, "At most 1000 characters")
    .superRefine((value, ctx) => {
      const problem = describeProxyProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  condorHost: z
    .string({ error: "Give the HTCondor central manager" })
    .trim()
    .min(1, "Give the HTCondor central manager, e.g. condor.example.org or condor.example.org:9618")
    .max(260)
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : describeHostPortProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  pandaQueue: z
    .string({ error: "Give the PanDA queue" })
    .trim()
    .min(1, "Give the PanDA queue, e.g. CERN-PROD_CLOUD")
    .max(120, "A PanDA queue name has at most 120 characters")
    .regex(/^[A-Za-z0-9_.-]+$/, "A PanDA queue name has letters, digits, _ . - only"),
  defaultFlavor: z
    .string()
    .trim()
    .max(255, "At most 255 characters")
    .nullable()
    .transform((value) => (value === "" ? null : value)),
  network: z
    .string({ error: 'Give the network: "auto", "none" or a network id' })
    .trim()
    .min(1, 'Give the network: "auto", "none" or a network id')
    .max(255, "At most 255 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'Write "auto", "none" or a network id (letters, digits, - _ . :)'),
  sshKeyNames: z
    .array(
      z
        .string()
        .trim()
        .min(1, "An empty key name: remove it")
        .max(255, "A key name has at most 255 characters")
        .regex(/^[A-Za-z0-9_.@-]+$/, "A key name has letters, digits, _ . @ - only (the name of a key pair at the cloud, not the key itself)"),
    )
    .max(20, "At most 20 key names")
    .refine((list) => new Set(list).size === list.length, "Each key name only once"),
  ntpServers: hostList("NTP server", 10).superRefine((list, ctx) => {
    list.forEach((host, i) => {
      if (!isHostname(host)) ctx.addIssue({ code: "custom", path: [i], message: `"${host}" is not a host name` });
    });
  }),
  extra: z
    .record(z.string(), z.string())
    .superRefine((record, ctx) => {
      const keys = Object.keys(record);
      if (keys.length > EXTRA_MAX_KEYS) ctx.addIssue({ code: "custom", message: `At most ${EXTRA_MAX_KEYS} extra values` });
      const seen = new Set<string>();
      for (const key of keys) {
        const keyProblem = describeExtraKeyProblem(key);
        if (keyProblem) ctx.addIssue({ code: "custom", path: [key], message: keyProblem });
        if (seen.has(key.toUpperCase())) ctx.addIssue({ code: "custom", path: [key], message: `"${key}" is given twice (names are compared ignoring case)` });
        seen.add(key.toUpperCase());
        const value = record[key] ?? "";
        if (utf8.encode(value).length > EXTRA_VALUE_MAX_BYTES) ctx.addIssue({ code: "custom", path: [key], message: `The value of ${key} is longer than 1 KiB` });
        if (value.includes("\u0000")) ctx.addIssue({ code: "custom", path: [key], message: `The value of ${key} contains a NUL character, which no context can carry` });
      }
    }),
});

export type SiteParams = z.infer<typeof siteParamsSchema>;
/** What a form sends before validation (defaultFlavor may be ""). */
export type SiteParamsInput = z.input<typeof siteParamsSchema>;

export const SITE_PARAM_FIELDS = ["cvmfsProxy", "condorHost", "pandaQueue", "defaultFlavor", "network", "sshKeyNames", "ntpServers", "extra"] as const satisfies readonly (keyof SiteParams)[];
export type SiteParamField = (typeof SITE_PARAM_FIELDS)[number];

export const SITE_PARAM_LABELS: Record<SiteParamField, string> = {
  cvmfsProxy: "CVMFS HTTP proxy",
  condorHost: "HTCondor central manager",
  pandaQueue: "PanDA queue",
  defaultFlavor: "Default flavor",
  network: "Network",
  sshKeyNames: "SSH key names",
  ntpServers: "NTP servers",
  extra: "Extra values",
};

/** A guess at a PanDA queue name from a cloud name: "CERN LxCloud" -> "CERN_LXCLOUD". */
export function suggestQueueName(cloudName: string): string {
  const slug = cloudName
    .toUpperCase()
    .replace(/[^A-Z0-9_.-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 120);
  return slug === "" ? "CLOUD" : slug;
}

/** Valid placeholders for a cloud that has none yet; an operator is expected to edit them. */
export function defaultSiteParams(cloudName: string): SiteParams {
  return {
    cvmfsProxy: "DIRECT",
    condorHost: "localhost",
    pandaQueue: suggestQueueName(cloudName),
    defaultFlavor: null,
    network: "auto",
    sshKeyNames: [],
    ntpServers: ["pool.ntp.org"],
    extra: {},
  };
}

/** "auto"/"none" ask the cloud to allocate or skip a network instead of naming one. */
export function isSymbolicNetwork(network: string): network is "auto" | "none" {
  return network === "auto" || network === "none";
}

/** How a cloud kind treats the symbolic networks; each kind's spec states its own. */
export interface NetworkRule {
  /** Whether "auto"/"none" are sent to the cloud; elsewhere they mean the cloud's default network and are left out. */
  acceptsSymbolic: boolean;
  /** What an operator should know when the site parameters give "auto" or "none", or null. */
  describeSymbolic(network: "auto" | "none"): string | null;
}

/** A hint (not a refusal) when the network value does not suit the cloud's kind. */
export function describeNetworkFit(rule: NetworkRule, network: string): string | null {
  return isSymbolicNetwork(network) ? rule.describeSymbolic(network) : null;
}

/** The network a launch asks for: none (the cloud's default) when the kind does not understand a symbolic value. */
export function chooseLaunchNetwork(rule: NetworkRule, network: string): string | undefined {
  return rule.acceptsSymbolic || !isSymbolicNetwork(network) ? network : undefined;
}

export interface SiteParamChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

function showValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.join(", ");
  return String(value);
}

/** What changed between two versions, field by field (extra values key by key), for history and audit summaries. */
export function diffSiteParams(before: SiteParams | null, after: SiteParams): SiteParamChange[] {
  const changes: SiteParamChange[] = [];
  for (const field of SITE_PARAM_FIELDS) {
    if (field === "extra") continue;
    const b = before ? showValue(before[field]) : null;
    const a = showValue(after[field]);
    if (b !== a) changes.push({ field, label: SITE_PARAM_LABELS[field], before: b, after: a });
  }
  const keys = [...new Set([...Object.keys(before?.extra ?? {}), ...Object.keys(after.extra)])].sort();
  for (const key of keys) {
    const b = before?.extra[key] ?? null;
    const a = after.extra[key] ?? null;
    if (b !== a) changes.push({ field: `extra.${key}`, label: `Extra ${key}`, before: b, after: a });
  }
  return changes;
}

export interface SiteParamIssue {
  /** "cvmfsProxy", "ntpServers.1", "extra.FOO"; "" for the whole object. */
  path: string;
  message: string;
}

/** Validates without throwing; the issues name the field they belong to, for a form. */
export function checkSiteParams(input: unknown): { ok: true; params: SiteParams } | { ok: false; issues: SiteParamIssue[] } {
  const result = siteParamsSchema.safeParse(input);
  if (result.success) return { ok: true, params: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })) };
}
