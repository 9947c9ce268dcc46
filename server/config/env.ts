import { z } from "zod";
import { DEFAULT_BOOT_TIMEOUT_MS } from "../domain/action-outcome";
import { parseGroupRoleMap } from "../domain/group-roles";

/**
 * Every environment variable the console reads, parsed in one place (the t3 env pattern).
 * Processes call `readEnv()` when they start, so a wrong value stops them naming the
 * variable instead of, say, giving the executor zero lanes. The README's configuration
 * table is tested against this schema (env.test.ts).
 */

type RawEnv = Record<string, string | undefined>;

function integer(what: string, { min, max = Number.MAX_SAFE_INTEGER }: { min: number; max?: number }) {
  return z.string().transform((raw, ctx) => {
    const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (value >= min && value <= max) return value;
    ctx.addIssue({ code: "custom", message: `expected ${what}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

const positive = (fallback: number) => integer("a positive integer", { min: 1 }).default(fallback);
const port = integer("a port number (1-65535)", { min: 1, max: 65_535 });

/** A text variable: set to the empty string, it counts as unset (as the shell's `VAR= cmd` is usually meant). */
const text = () => z.string().optional().transform((raw) => (raw === "" ? undefined : raw));

/** `true` or `false`, nothing else, so a typo does not flip a security switch. */
function flag(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === "") return fallback;
      if (raw === "true" || raw === "false") return raw === "true";
      ctx.addIssue({ code: "custom", message: `expected true or false, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    });
}

/** `secret`: the value may hold a password, so the message does not repeat it. */
function url(what: string, protocols: string[], { secret = false } = {}) {
  return text().superRefine((raw, ctx) => {
    if (raw === undefined) return;
    let protocol: string | null = null;
    try {
      protocol = new URL(raw).protocol;
    } catch {
      // reported below
    }
    if (!protocol || !protocols.includes(protocol)) ctx.addIssue({ code: "custom", message: `expected ${what}${secret ? "" : `, got ${JSON.stringify(raw)}`}` });
  });
}

export const envSchema = z
  .object({
    PORT: port.default(3000),
    HOST: text(),
    CLOUDSCOPE_DB: text().transform((raw) => raw ?? "./data/cloudscope.db"),
    CLOUDSCOPE_DATABASE_URL: url("a postgres:// URL", ["postgres:", "postgresql:"], { secret: true }),
    CLOUDSCOPE_CONFIG: text(),
    CLOUDSCOPE_SECRET_KEY: text().refine((raw) => raw === undefined || /^[0-9a-fA-F]{64}$/.test(raw), "expected 64 hexadecimal characters (32 bytes)"),
    CLOUDSCOPE_AUTH_SECRET: text().refine((raw) => raw === undefined || raw.length >= 32, "expected at least 32 characters"),
    CLOUDSCOPE_SIM_CONTROL_PORT: integer("a port number (0 for a free one)", { min: 0, max: 65_535 }).default(0),
    CLOUDSCOPE_DEMO_CLOUDS: integer("a number of clouds (1-200)", { min: 1, max: 200 }).default(5),
    CLOUDSCOPE_DEMO_BOOT_SECONDS: integer("a number of seconds (4-600)", { min: 4, max: 600 }).default(40),
    CLOUDSCOPE_POLL_CONCURRENCY: positive(8),
    CLOUDSCOPE_POLL_LEASE_MS: positive(15_000),
    CLOUDSCOPE_ACTION_LEASE_MS: positive(60_000),
    CLOUDSCOPE_ACTION_CONCURRENCY: positive(4),
    CLOUDSCOPE_ACTION_CLOUD_CONCURRENCY: positive(2),
    CLOUDSCOPE_EXECUTOR_TICK_MS: positive(500),
    CLOUDSCOPE_BOOT_TIMEOUT_MS: positive(DEFAULT_BOOT_TIMEOUT_MS),
    CLOUDSCOPE_AUTOSCALE_TICK_MS: positive(60_000),
    CLOUDSCOPE_DEMO_PASSWORD: text().transform((raw) => raw ?? "demo"),
    CLOUDSCOPE_ADMIN_PASSWORD: text(),
    BETTER_AUTH_URL: url("an http:// or https:// URL", ["http:", "https:"]),
    CLOUDSCOPE_TRUSTED_PROXIES: integer("a number of proxy hops (0, 1, 2, …)", { min: 0 }).default(0),
    CLOUDSCOPE_OIDC_ISSUER: url("an http:// or https:// URL", ["http:", "https:"]),
    CLOUDSCOPE_OIDC_CLIENT_ID: text(),
    CLOUDSCOPE_OIDC_CLIENT_SECRET: text(),
    CLOUDSCOPE_OIDC_NAME: text().transform((raw) => raw ?? "single sign-on"),
    CLOUDSCOPE_OIDC_GROUPS_CLAIM: text().transform((raw) => raw ?? "groups"),
    CLOUDSCOPE_OIDC_GROUP_ROLES: text().transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      try {
        return parseGroupRoleMap(raw);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
    CLOUDSCOPE_LOCAL_LOGIN: flag(true),
    CLOUDSCOPE_IMAGE_DIR: text(),
    CLOUDSCOPE_IMAGE_UPLOAD_LIMIT_MB: positive(20_480),
    CLOUDSCOPE_IMAGE_LIST_DAYS: positive(28),
    CLOUDSCOPE_VM_RETENTION_DAYS: positive(7),
    CLOUDSCOPE_METRICS_TOKEN: text(),
    CLOUDSCOPE_ALERT_WEBHOOKS: text().transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const urls = raw.split(",").map((u) => u.trim()).filter(Boolean);
      const bad = urls.findIndex((u) => !/^https?:$/.test(URL.canParse(u) ? new URL(u).protocol : ""));
      // A webhook address often carries its secret: the message says which one, not what it is.
      if (bad >= 0) ctx.addIssue({ code: "custom", message: `expected http:// or https:// addresses separated by commas; address ${bad + 1} is not one` });
      return urls;
    }),
  })
  .superRefine((env, ctx) => {
    // Half an OIDC setup used to switch single sign-on off without a word.
    const oidc = ["CLOUDSCOPE_OIDC_ISSUER", "CLOUDSCOPE_OIDC_CLIENT_ID", "CLOUDSCOPE_OIDC_CLIENT_SECRET"] as const;
    const missing = oidc.filter((name) => env[name] === undefined);
    if (missing.length > 0 && missing.length < oidc.length) {
      for (const name of missing) ctx.addIssue({ code: "custom", path: [name], message: `required when ${oidc.filter((n) => !missing.includes(n)).join(" and ")} ${missing.length === 1 ? "are" : "is"} set` });
    }
    // better-auth builds the redirect and post-logout addresses from it; without it provider sign-out fails.
    if (missing.length === 0 && env.BETTER_AUTH_URL === undefined) {
      ctx.addIssue({ code: "custom", path: ["BETTER_AUTH_URL"], message: "required when single sign-on (CLOUDSCOPE_OIDC_ISSUER) is set" });
    }
    // Roles follow groups: without a mapping nobody could sign in through the provider.
    if (missing.length === 0 && env.CLOUDSCOPE_OIDC_GROUP_ROLES === undefined) {
      ctx.addIssue({ code: "custom", path: ["CLOUDSCOPE_OIDC_GROUP_ROLES"], message: "required when single sign-on (CLOUDSCOPE_OIDC_ISSUER) is set" });
    }
    if (!env.CLOUDSCOPE_LOCAL_LOGIN && missing.length > 0) {
      ctx.addIssue({ code: "custom", path: ["CLOUDSCOPE_LOCAL_LOGIN"], message: "false needs single sign-on (CLOUDSCOPE_OIDC_ISSUER and the rest); only the break-glass admin could sign in" });
    }
  });

export type Env = z.infer<typeof envSchema>;
export type EnvVariable = keyof Env;
export const ENV_VARIABLES = Object.keys(envSchema.shape) as EnvVariable[];

export interface EnvProblem {
  variable: string;
  message: string;
}

/** A malformed environment: each problem names its variable. */
export class EnvError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join("\n"));
    this.name = "EnvError";
  }
}

/** The parsed configuration, or an EnvError naming every malformed variable. Pure: tests pass their own env. */
export function readEnv(env: RawEnv = process.env): Env {
  const raw = Object.fromEntries(ENV_VARIABLES.map((name) => [name, env[name]]));
  const parsed = envSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "environment"), message: issue.message })));
}
