import { test as base, expect, type Page } from "@playwright/test";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../db/testing/throwaway-postgres";
import { authStatePath, saveSignedInState } from "./auth-state";
import { startConsole, stopConsole, waitHealthy, type StartedConsole } from "./console-process";
import { OverviewPage } from "./pages/overview-page";
import { VmsPage } from "./pages/vms-page";

/**
 * The same console on PostgreSQL (CLOUDSCOPE_DATABASE_URL) in a throwaway cluster, started for
 * these tests only (the SQLite console of global-setup has built the web app it serves), so it
 * does not poll its fleet beside every other spec.
 */
let cluster: ThrowawayPostgres | undefined;
let pg: StartedConsole | undefined;

/** A page signed in as admin on the PostgreSQL console (known only once beforeAll has started it). */
const test = base.extend<{ pgPage: Page }>({
  pgPage: async ({ browser }, use) => {
    const context = await browser.newContext({ baseURL: pg!.url, storageState: authStatePath("admin", "pg-admin") });
    await use(await context.newPage());
    await context.close();
  },
});

test.beforeAll(async () => {
  test.setTimeout(240_000);
  cluster = await startThrowawayPostgres();
  pg = await startConsole("postgres", { CLOUDSCOPE_DATABASE_URL: cluster.url });
  await waitHealthy(pg);
  await saveSignedInState(pg.url, "admin", "pg-admin");
});

test.afterAll(async () => {
  if (pg) await stopConsole(pg);
  cluster?.stop();
});

const DEMO_CLOUDS = ["CERN LxCloud", "UVic Nefos", "FutureGrid Hotel", "StratusLab LAL", "Helix Nebula"];

test("on PostgreSQL, the overview shows every demo cloud up with live VMs, and the worker that polls them", async ({ pgPage: page }) => {
  const health = await (await fetch(`${pg!.url}/api/health`)).json();
  expect(health).toMatchObject({ status: "ok", engine: "postgres" });

  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.cards()).toHaveCount(DEMO_CLOUDS.length);
  for (const name of DEMO_CLOUDS) {
    await expect(overview.status(name)).toHaveText(/up/, { timeout: 30_000 });
    await expect.poll(() => overview.count(name, "running"), { timeout: 30_000 }).toBeGreaterThan(0);
  }
  const workers = page.getByRole("region", { name: "Workers" });
  await expect(workers.getByRole("row")).toHaveCount(2);
  await expect(workers.getByRole("row").filter({ hasText: "alive" })).toHaveCount(1);
  for (const name of DEMO_CLOUDS) await expect(workers).toContainText(name);
});

test("on PostgreSQL, the VMs table sorts and filters server-side", async ({ pgPage: page }) => {
  const vms = new VmsPage(page);
  // Every state first (live VMs are the default), then one.
  await vms.open("?ended=1");
  await expect(vms.rows().first()).toBeVisible();
  await vms.filterByState("running");
  await expect(page).toHaveURL(/[?&]state=running/);
  await expect(async () => {
    const states = await vms.stateBadges().allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    for (const s of states) expect(s).toContain("running");
  }).toPass({ timeout: 15_000 });
});
