import { test as base, expect } from "@playwright/test";
import { authStatePath } from "./auth-state";
import { OverviewPage } from "./pages/overview-page";
import { VmsPage } from "./pages/vms-page";

/** The same console on PostgreSQL (CLOUDSCOPE_DATABASE_URL), started by global-setup beside the SQLite one. */
const test = base.extend({
  baseURL: async ({}, use) => use(process.env.CLOUDSCOPE_E2E_PG_URL),
  storageState: async ({}, use) => use(authStatePath("admin", "pg-admin")),
});

const DEMO_CLOUDS = ["CERN LxCloud", "UVic Nefos", "FutureGrid Hotel", "StratusLab LAL", "Helix Nebula"];

test("on PostgreSQL, the overview shows every demo cloud up with live VMs, and the worker that polls them", async ({ page, request }) => {
  const health = await (await request.get("/api/health")).json();
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

test("on PostgreSQL, the VMs table sorts and filters server-side", async ({ page }) => {
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
