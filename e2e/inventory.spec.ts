import { count, eq } from "drizzle-orm";
import { cloud, vm } from "../db/schema";
import { test, expect } from "./fixtures";
import { OverviewPage } from "./pages/overview-page";
import { VmsPage } from "./pages/vms-page";
import { waitForHydration } from "./pages/hydration";

test.use({ role: "shifter" });

const DEMO_CLOUDS = ["CERN LxCloud", "UVic Nefos", "FutureGrid Hotel", "StratusLab LAL", "Helix Nebula"];
const SHOWN_STATES = ["requested", "booting", "running", "draining", "error"];

/** Headers every per-user reply carries (next.config.js): not framable, not sniffed, never cached. */
function expectPerUserHeaders(headers: Record<string, string>): void {
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["cache-control"]).toContain("private");
  expect(headers["cache-control"]).toContain("no-store");
}

test("the overview shows the five demo clouds with the VM counts the database holds", async ({ page, consoleDb }) => {
  const overview = new OverviewPage(page);
  const overviewReply = page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === "/");
  await overview.open();
  expectPerUserHeaders((await overviewReply).headers());
  const trpcReply = await page.request.get("/api/trpc/overview.get");
  expect(trpcReply.status()).toBe(200);
  expectPerUserHeaders(trpcReply.headers());
  await expect(overview.cards()).toHaveCount(DEMO_CLOUDS.length);
  const countsInDb = (name: string) =>
    consoleDb.select({ state: vm.state, n: count() }).from(vm).innerJoin(cloud, eq(cloud.id, vm.cloudId)).where(eq(cloud.name, name)).groupBy(vm.state).all();
  for (const name of DEMO_CLOUDS) {
    await expect(overview.status(name)).toHaveText(/up/);
    // The fleet lives: compare page and database until they agree at one refresh.
    await expect(async () => {
      const stored = Object.fromEntries((await countsInDb(name)).map((r) => [r.state, r.n]));
      const shown: Record<string, number> = {};
      for (const state of SHOWN_STATES) shown[state] = await overview.count(name, state);
      expect(shown).toEqual(Object.fromEntries(SHOWN_STATES.map((s) => [s, stored[s] ?? 0])));
    }).toPass({ timeout: 30_000 });
    expect(await overview.count(name, "running")).toBeGreaterThan(0);
  }
});

test("a cloud's card leads to its detail page", async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.card("StratusLab LAL").getByRole("link", { name: "StratusLab LAL" }).click();
  await expect(page).toHaveURL(/\/clouds\/\d+$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/StratusLab LAL/);
  await expect(page.getByRole("table", { name: "VMs", exact: true })).toBeVisible();
});

test("filtering the VMs table by state changes the URL and the rows", async ({ page }) => {
  const vms = new VmsPage(page);
  // Every state first (live VMs are the default), then one.
  await vms.open("?ended=1");
  await expect(vms.rows().first()).toBeVisible();
  await vms.filterByState("terminated");
  await expect(page).toHaveURL(/[?&]state=terminated/);
  await expect(vms.rows().first()).toBeVisible();
  // Rows of the previous query stay on screen until the filtered page arrives.
  await expect(async () => {
    const states = await vms.stateBadges().allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    for (const s of states) expect(s).toContain("terminated");
  }).toPass({ timeout: 15_000 });

  await page.reload();
  await waitForHydration(page);
  await expect(vms.stateFilter("terminated")).toBeChecked();
});

test("a cloud that stops answering turns its card red with the reason, without a reload", async ({ page, setFaults }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.status("Helix Nebula")).toHaveText(/up/);
  const navigations: string[] = [];
  page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));

  await setFaults("Helix Nebula", { errorRate: 1 });
  await expect(overview.status("Helix Nebula")).toHaveText(/down/, { timeout: 45_000 });
  await expect(overview.card("Helix Nebula")).toContainText(/VM list failing/);
  await expect(overview.status("CERN LxCloud")).toHaveText(/up/);
  expect(navigations).toEqual([]);
});
