import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, EnvError, readEnv } from "./env";

function problemsOf(env: Record<string, string>): string[] {
  try {
    readEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error("readEnv accepted a malformed environment");
}

describe("readEnv", () => {
  it("gives the documented defaults for an empty environment", () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3000, CLOUDSCOPE_ACTION_CONCURRENCY: 4, CLOUDSCOPE_POLL_CONCURRENCY: 8, CLOUDSCOPE_POLL_LEASE_MS: 15_000, CLOUDSCOPE_DB: "./data/cloudscope.db" });
    expect(env.HOST).toBeUndefined();
  });

  it("parses numbers and keeps strings", () => {
    const env = readEnv({ PORT: "8080", CLOUDSCOPE_ACTION_CONCURRENCY: "16", CLOUDSCOPE_TRUSTED_PROXIES: "0", HOST: "::", CLOUDSCOPE_DATABASE_URL: "postgres://u:p@db:5432/c" });
    expect(env).toMatchObject({ PORT: 8080, CLOUDSCOPE_ACTION_CONCURRENCY: 16, CLOUDSCOPE_TRUSTED_PROXIES: 0, HOST: "::", CLOUDSCOPE_DATABASE_URL: "postgres://u:p@db:5432/c" });
  });

  it("refuses a non-numeric number, naming the variable and the value", () => {
    expect(problemsOf({ CLOUDSCOPE_ACTION_CONCURRENCY: "abc" })).toEqual(['CLOUDSCOPE_ACTION_CONCURRENCY: expected a positive integer, got "abc"']);
    expect(problemsOf({ CLOUDSCOPE_POLL_CONCURRENCY: "8 lanes" })).toEqual(['CLOUDSCOPE_POLL_CONCURRENCY: expected a positive integer, got "8 lanes"']);
    expect(problemsOf({ CLOUDSCOPE_TRUSTED_PROXIES: "one" })[0]).toMatch(/^CLOUDSCOPE_TRUSTED_PROXIES: /);
  });

  it("refuses zero, negative and fractional counts and durations", () => {
    expect(problemsOf({ CLOUDSCOPE_ACTION_CONCURRENCY: "0" })).toEqual(['CLOUDSCOPE_ACTION_CONCURRENCY: expected a positive integer, got "0"']);
    expect(problemsOf({ CLOUDSCOPE_POLL_LEASE_MS: "-15000" })).toEqual(['CLOUDSCOPE_POLL_LEASE_MS: expected a positive integer, got "-15000"']);
    expect(problemsOf({ CLOUDSCOPE_EXECUTOR_TICK_MS: "0.5" })[0]).toMatch(/^CLOUDSCOPE_EXECUTOR_TICK_MS: /);
    expect(problemsOf({ PORT: "70000" })).toEqual(['PORT: expected a port number (1-65535), got "70000"']);
  });

  it("refuses an empty number instead of reading it as 0", () => {
    expect(problemsOf({ CLOUDSCOPE_ACTION_LEASE_MS: "" })).toEqual(['CLOUDSCOPE_ACTION_LEASE_MS: expected a positive integer, got ""']);
  });

  it("reads an empty text variable as unset", () => {
    expect(readEnv({ CLOUDSCOPE_DATABASE_URL: "", HOST: "", CLOUDSCOPE_DB: "" })).toMatchObject({ CLOUDSCOPE_DATABASE_URL: undefined, HOST: undefined, CLOUDSCOPE_DB: "./data/cloudscope.db" });
  });

  it("refuses a bad URL, without repeating a database URL that may hold a password", () => {
    expect(problemsOf({ BETTER_AUTH_URL: "cloudscope.cern.ch" })).toEqual(['BETTER_AUTH_URL: expected an http:// or https:// URL, got "cloudscope.cern.ch"']);
    expect(problemsOf({ CLOUDSCOPE_DATABASE_URL: "mysql://root:hunter2@db/c" })).toEqual(["CLOUDSCOPE_DATABASE_URL: expected a postgres:// URL"]);
  });

  it("reads alert webhooks as a list and refuses one that is not http(s), without repeating its secret", () => {
    expect(readEnv({ CLOUDSCOPE_ALERT_WEBHOOKS: "https://chat.example.org/hooks/s3cret, http://127.0.0.1:9093/hook" }).CLOUDSCOPE_ALERT_WEBHOOKS).toEqual(["https://chat.example.org/hooks/s3cret", "http://127.0.0.1:9093/hook"]);
    expect(problemsOf({ CLOUDSCOPE_ALERT_WEBHOOKS: "https://a.example.org/x,smtp://s3cret@mail" })).toEqual(["CLOUDSCOPE_ALERT_WEBHOOKS: expected http:// or https:// addresses separated by commas; address 2 is not one"]);
  });

  it("refuses a malformed secret and half an OIDC setup", () => {
    expect(problemsOf({ CLOUDSCOPE_SECRET_KEY: "abc" })).toEqual(["CLOUDSCOPE_SECRET_KEY: expected 64 hexadecimal characters (32 bytes)"]);
    expect(problemsOf({ CLOUDSCOPE_AUTH_SECRET: "short" })).toEqual(["CLOUDSCOPE_AUTH_SECRET: expected at least 32 characters"]);
    expect(problemsOf({ CLOUDSCOPE_OIDC_ISSUER: "https://auth.cern.ch/auth/realms/cern", CLOUDSCOPE_OIDC_CLIENT_ID: "cloudscope" })).toEqual([
      "CLOUDSCOPE_OIDC_CLIENT_SECRET: required when CLOUDSCOPE_OIDC_ISSUER and CLOUDSCOPE_OIDC_CLIENT_ID are set",
    ]);
  });

  it("insists on a group mapping with single sign-on and reads local sign-in as true or false only", () => {
    const oidc = { CLOUDSCOPE_OIDC_ISSUER: "https://auth.cern.ch/auth/realms/cern", CLOUDSCOPE_OIDC_CLIENT_ID: "cloudscope", CLOUDSCOPE_OIDC_CLIENT_SECRET: "s3cret", BETTER_AUTH_URL: "https://cloudscope.cern.ch" };
    expect(problemsOf(oidc)).toEqual(["CLOUDSCOPE_OIDC_GROUP_ROLES: required when single sign-on (CLOUDSCOPE_OIDC_ISSUER) is set"]);
    expect(problemsOf({ ...oidc, BETTER_AUTH_URL: "", CLOUDSCOPE_OIDC_GROUP_ROLES: "a=admin" })).toEqual(["BETTER_AUTH_URL: required when single sign-on (CLOUDSCOPE_OIDC_ISSUER) is set"]);
    expect(problemsOf({ ...oidc, CLOUDSCOPE_OIDC_GROUP_ROLES: "atlas=superuser" })).toEqual(['CLOUDSCOPE_OIDC_GROUP_ROLES: "atlas" maps to "superuser", not one of shifter, operator, admin']);
    expect(readEnv({ ...oidc, CLOUDSCOPE_OIDC_GROUP_ROLES: "atlas-adc-shifters=shifter", CLOUDSCOPE_LOCAL_LOGIN: "false" }).CLOUDSCOPE_LOCAL_LOGIN).toBe(false);
    expect(problemsOf({ CLOUDSCOPE_LOCAL_LOGIN: "no" })).toEqual(['CLOUDSCOPE_LOCAL_LOGIN: expected true or false, got "no"']);
    expect(problemsOf({ CLOUDSCOPE_LOCAL_LOGIN: "false" })[0]).toMatch(/^CLOUDSCOPE_LOCAL_LOGIN: false needs single sign-on/);
  });

  it("names every malformed variable at once", () => {
    expect(problemsOf({ PORT: "web", CLOUDSCOPE_POLL_CONCURRENCY: "" }).map((line) => line.split(":")[0])).toEqual(["PORT", "CLOUDSCOPE_POLL_CONCURRENCY"]);
  });
});

/** The rows of the README's configuration table: variable names and the default column. */
function readmeConfigurationTable(): { names: string[]; defaultCell: string }[] {
  const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const section = readme.split(/^## Configuration$/m)[1]!.split(/^#/m)[0]!;
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [namesCell, defaultCell] = line.split("|").slice(1, 3).map((cell) => cell.trim());
      return { names: [...namesCell!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!), defaultCell: defaultCell! };
    });
}

describe("the README's configuration table", () => {
  const rows = readmeConfigurationTable();
  const defaults = readEnv({});

  it("lists exactly the variables of the schema", () => {
    expect(rows.flatMap((row) => row.names).sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it("states each schema default as it is, and none where the schema has none", () => {
    for (const { names, defaultCell } of rows) {
      for (const name of names) {
        const value = defaults[name as keyof typeof defaults];
        // A default that depends on something else (HOST, the key files) is described in words.
        if (value === undefined) expect(defaultCell, name).not.toMatch(/^`[^`]*`$/);
        else expect(defaultCell, name).toBe(`\`${value}\``);
      }
    }
  });
});
