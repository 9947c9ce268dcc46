import { request } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

/** The demo users `npm start` seeds, one per role (password "demo"). */
export const DEMO_ROLES = ["shifter", "operator", "admin"] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];
export const DEMO_PASSWORD = "demo";

/**
 * Where global setup leaves each role's signed-in browser state: beside the run's console
 * (CLOUDSCOPE_E2E_AUTH_DIR), so two runs on one machine never sign each other's specs out
 * (cookies do not tell ports apart); e2e/.auth (gitignored) when that is unset.
 */
export function authStatePath(role: DemoRole, file: string = role): string {
  return path.join(process.env.CLOUDSCOPE_E2E_AUTH_DIR ?? path.join(__dirname, ".auth"), `${file}.json`);
}

/** Signs one demo user in through better-auth's endpoint and saves the cookie for the specs (as `<file>.json`). */
export async function saveSignedInState(baseURL: string, role: DemoRole, file: string = role): Promise<void> {
  const context = await request.newContext({ baseURL });
  try {
    const res = await context.post("/api/auth/sign-in/username", { data: { username: role, password: DEMO_PASSWORD } });
    if (!res.ok()) throw new Error(`signing in ${role} for the specs: HTTP ${res.status()} ${await res.text()}`);
    fs.mkdirSync(path.dirname(authStatePath(role, file)), { recursive: true });
    await context.storageState({ path: authStatePath(role, file) });
  } finally {
    await context.dispose();
  }
}
