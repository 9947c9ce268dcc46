import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { closeDb, openDb, type Db } from "../db/client";
import { authStatePath, type DemoRole } from "./auth-state";
import { ConsoleApi } from "./console-api";

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
  /** The console's mutations as operator, to make the actions a spec looks at. */
  operatorApi: ConsoleApi;
  /** Fails on every serious or critical axe violation on the page as it is now (all axe rules, WCAG 2.1 AA included). */
  expectAccessible: (page: Page) => Promise<void>;
}

/** The knobs every fault starts at, which setFaults restores after each test. */
export const NO_FAULTS = { latencyMs: 0, errorRate: 0, timeout: false, rateLimitPerSec: 0, malformed: false, bootFailureRate: null, imageUpload: "none" };

/** Sets fault knobs on one demo cloud through the fleet's control API (CLOUDSCOPE_E2E_SIM). */
export async function putFaults(cloudName: string, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${process.env.CLOUDSCOPE_E2E_SIM}/clouds/${encodeURIComponent(cloudName)}/faults`, {
    method: "PUT",
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`setting faults on ${cloudName}: HTTP ${res.status} ${await res.text()}`);
}

const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

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
    await use(async (name, faults) => {
      touched.add(name);
      await putFaults(name, faults);
    });
    for (const name of touched) await putFaults(name, NO_FAULTS);
  },
  operatorApi: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({ baseURL, storageState: authStatePath("operator") });
    await use(new ConsoleApi(request, baseURL!));
    await request.dispose();
  },
  expectAccessible: async ({}, use) => {
    await use(async (page) => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      const blocking = violations
        .filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ""))
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(blocking, `serious or critical accessibility violations on ${page.url()}`).toEqual([]);
    });
  },
});

export { expect };
