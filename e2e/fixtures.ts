import { test as base, expect } from "@playwright/test";
import Database from "better-sqlite3";

interface ConsoleFixtures {
  /** Read-only view of the console's database, to compare what pages show with what is stored. */
  consoleDb: Database.Database;
  /** Sets fault knobs on one demo cloud through the fleet's control API. */
  setFaults: (cloudName: string, faults: Record<string, unknown>) => Promise<void>;
}

export const test = base.extend<ConsoleFixtures>({
  baseURL: async ({}, use) => use(process.env.CLOUDSCOPE_E2E_URL),
  consoleDb: async ({}, use) => {
    const db = new Database(process.env.CLOUDSCOPE_E2E_DB!, { readonly: true, fileMustExist: true });
    await use(db);
    db.close();
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
    for (const name of touched) await put(name, { latencyMs: 0, errorRate: 0, timeout: false, rateLimitPerSec: 0, malformed: false });
  },
});

export { expect };
