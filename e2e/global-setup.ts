import path from "node:path";
import { startTestOidcProvider, type TestOidcProvider } from "../server/testing/oidc-test-provider";
import { DEMO_ROLES, saveSignedInState } from "./auth-state";
import { startConsole, waitHealthy } from "./console-process";
import { findFreePort } from "./free-port";
import { E2E_GROUP_ROLES, E2E_SSO_USERS } from "./sso-users";

const globalForE2e = globalThis as unknown as { cloudscopeE2eOidc?: TestOidcProvider };

/**
 * Starts the real console (`npm start`'s script: demo fleet + worker + web) on free ports
 * with a throwaway SQLite database; hands its addresses to the specs through env. Then signs
 * each demo user in once and saves their cookies (<console dir>/auth/<role>.json). Specs that
 * need another console (PostgreSQL, fifty clouds) start their own.
 * The SQLite one also offers single sign-on through an in-process OIDC provider (milliseconds to start).
 */
export default async function globalSetup(): Promise<void> {
  const port = await findFreePort();
  const oidc = await startTestOidcProvider({ consoleUrl: `http://127.0.0.1:${port}`, users: E2E_SSO_USERS });
  globalForE2e.cloudscopeE2eOidc = oidc;
  const sqlite = await startConsole(
    "sqlite",
    {
      CLOUDSCOPE_OIDC_ISSUER: oidc.issuer,
      CLOUDSCOPE_OIDC_CLIENT_ID: oidc.clientId,
      CLOUDSCOPE_OIDC_CLIENT_SECRET: oidc.clientSecret,
      CLOUDSCOPE_OIDC_GROUP_ROLES: E2E_GROUP_ROLES,
      // As an SSO installation must: the provider's redirect and post-logout addresses are built from it.
      BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
      // Launches the specs follow to running boot in seconds, not the demo's realistic minute.
      CLOUDSCOPE_DEMO_BOOT_SECONDS: "10",
    },
    port,
  );
  process.env.CLOUDSCOPE_E2E_URL = sqlite.url;
  process.env.CLOUDSCOPE_E2E_OIDC = oidc.issuer;
  process.env.CLOUDSCOPE_E2E_SIM = sqlite.sim;
  process.env.CLOUDSCOPE_E2E_DB = sqlite.db;
  process.env.CLOUDSCOPE_E2E_PID = String(sqlite.pid);
  process.env.CLOUDSCOPE_E2E_LOG = sqlite.log;
  process.env.CLOUDSCOPE_E2E_AUTH_DIR = path.join(path.dirname(sqlite.db), "auth");
  await waitHealthy(sqlite);
  for (const role of DEMO_ROLES) await saveSignedInState(sqlite.url, role);
}
