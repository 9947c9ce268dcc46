import fs from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";
import { closeDb, openDb, type Db } from "../db/client";
import { authStatePath, type DemoRole } from "./auth-state";

interface ConsoleOptions {
  /**
   * Who the spec's browser is signed in as: `test.use({ role: "operator" })`. Default
   * null: signed out (the pages then send it to /login).
   */
  role: DemoRole | null;
}

interface ConsoleFixtures {
  /** The console's (SQLite) database, to compare what pages show with what is stored. Specs only read it. */
  consoleDb: Db;
  /** A second, separate browser page signed in as another role, for specs that compare roles. */
  pageAs: (role: DemoRole) => Promise<Page>;
  /** Sets fault knobs on one demo cloud through the fleet's control API. */
  setFaults: (cloudName: string, faults: Record<string, unknown>) => Promise<void>;
}

export const test = base.extend<ConsoleFixtures & ConsoleOptions>({
  role: [null, { option: true }],
  storageState: async ({ role }, use) => use(role ? authStatePath(role) : { cookies: [], origins: [] }),
  baseURL: async ({}, use) => use(process.env.CLOUDSCOPE_E2E_URL),
  pageAs: async ({ browser, baseURL }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (role) => {
      const context = await browser.newContext({ baseURL, storageState: authStatePath(role) });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
  consoleDb: async ({}, use) => {
    const file = process.env.CLOUDSCOPE_E2E_DB!;
    // openDb would create a missing file; the console's must already be there.
    if (!fs.existsSync(file)) throw new Error(`the console's database ${file} does not exist`);
    // The console these specs drive runs on SQLite (global-setup empties CLOUDSCOPE_DATABASE_URL for it).
    const db = openDb({ url: "", file });
    await use(db);
    await closeDb(db);
  },
  setFaults: async ({}, use) => {
    const touched = new Set<string>();
    const put = async (name: string, faults: Record<string, unknown>) => {
      const res = await fetch(`${process.env.CLOUDSCOPE_E2E_SIM}/clouds/${encodeURIComponent(name)}/faults`, {
        method: "PUT",
        body: JSON.stringify(faults),
      });
      if (!res.ok) throw new Error(`setting faults on ${name}: HTTP ${res.status} ${await res.text()}`);
    };
    await use(async (name, faults) => {
      touched.add(name);
      await put(name, faults);
    });
    for (const name of touched) await put(name, { latencyMs: 0, errorRate: 0, timeout: false, rateLimitPerSec: 0, malformed: false, bootFailureRate: null });
  },
});

export { expect };
