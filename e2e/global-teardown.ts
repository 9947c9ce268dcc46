import fs from "node:fs";
import path from "node:path";
import type { TestOidcProvider } from "../server/testing/oidc-test-provider";
import { stopProcessGroup } from "./console-process";

const globalForE2e = globalThis as unknown as { cloudscopeE2eOidc?: TestOidcProvider };

/** Stops the console started by global-setup with its whole process group, and the OIDC provider, and removes its throwaway folder. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.CLOUDSCOPE_E2E_PID);
  if (pid) await stopProcessGroup(pid);
  await globalForE2e.cloudscopeE2eOidc?.close();
  const db = process.env.CLOUDSCOPE_E2E_DB;
  if (db) fs.rmSync(path.dirname(db), { recursive: true, force: true });
}
