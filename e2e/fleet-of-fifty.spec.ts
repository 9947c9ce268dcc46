import { request as playwrightRequest, type Locator, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { closeDb, openDb } from "../db/client";
import { cloud } from "../db/schema";
import packageJson from "../package.json";
import { rankCloud } from "../server/domain/cloud-triage";
import type { CloudStatus } from "../server/domain/vocabulary";
import { authStatePath, saveSignedInState } from "./auth-state";
import { startConsole, stopConsole, waitHealthy, type StartedConsole } from "./console-process";
import { expect, test } from "./fixtures";
import { OverviewPage } from "./pages/overview-page";

/**
 * A console with fifty demo clouds (CLOUDSCOPE_DEMO_CLOUDS=50, the size bench/ measures):
 * the overview triages worst first and nothing wraps at 1280 px, checked by layout
 * (bounding boxes), not by pixels; the navigation holds every cloud in one switcher.
 */
/** Paused by an operator: a problem that needs no failing polls, so it leads every up cloud however loaded the machine. */
const PAUSED = "StratusLab LAL 34";

let fifty: StartedConsole;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fifty = await startConsole("fifty", { CLOUDSCOPE_DEMO_CLOUDS: "50" });
  await waitHealthy(fifty);
  await saveSignedInState(fifty.url, "operator", "fifty-operator");
  const db = openDb({ url: "", file: fifty.db });
  const paused = await db.select({ id: cloud.id }).from(cloud).where(eq(cloud.name, PAUSED)).get();
  await closeDb(db);
  const request = await playwrightRequest.newContext({ baseURL: fifty.url, storageState: authStatePath("operator", "fifty-operator") });
  const res = await request.post("/api/trpc/cloudControls.setPaused", { headers: { origin: fifty.url }, data: { json: { cloudId: paused!.id, paused: true, reason: "hypervisor upgrade" } } });
  expect(res.ok(), await res.text()).toBe(true);
  await request.dispose();
});

test.afterAll(async () => {
  if (fifty) await stopConsole(fifty);
});

/** Fails unless every box starts above the bottom of the first: they sit on one line. */
async function expectOneLine(items: Locator, what: string): Promise<void> {
  const boxes = (await items.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0))).map((r) => ({ top: r.top, bottom: r.bottom }));
  expect(boxes.length, what).toBeGreaterThan(1);
  const firstBottom = Math.min(...boxes.map((b) => b.bottom));
  for (const box of boxes) expect(box.top, `${what} wrapped onto a second line`).toBeLessThan(firstBottom);
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("fifty clouds: worst first, one-line navigation with a cloud switcher, a compact list and groups, no wrapping at 1280 px", async ({ browser, expectAccessible }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: fifty.url, storageState: authStatePath("operator", "fifty-operator"), viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const overview = new OverviewPage(page);

  // Worst first: whatever each cloud's status (a loaded machine makes some degraded), the order never improves down the page.
  await overview.open();
  await expect(overview.cards()).toHaveCount(50);
  await expect(overview.card(PAUSED)).toHaveAttribute("data-problem", "true");
  const cards = await overview.cards().evaluateAll((els) =>
    els.map((e) => ({ name: e.getAttribute("aria-label")!.slice("cloud ".length), status: e.querySelector("[data-testid='cloud-status']")!.textContent!.trim() })),
  );
  const ranks = cards.map((c) => rankCloud({ status: c.status as CloudStatus, paused: c.name === PAUSED }));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  const pausedAt = cards.findIndex((c) => c.name === PAUSED);
  expect(cards.slice(0, pausedAt).every((c) => c.status !== "up")).toBe(true);

  const nav = page.getByRole("navigation", { name: "Main" });
  await expectOneLine(nav.locator(":scope > *"), "the top navigation");
  await expectOneLine(page.getByRole("region", { name: "Fleet totals" }).locator(":scope > *"), "the fleet totals");
  await expectNoHorizontalScroll(page);

  // The compact list: one line per cloud, every row the same height, the view in the URL.
  await page.getByRole("navigation", { name: "Layout" }).getByRole("link", { name: "List" }).click();
  await expect(page).toHaveURL(/[?&]layout=list/);
  const rows = page.getByRole("table", { name: "Clouds" }).locator("tbody tr");
  await expect(rows).toHaveCount(50);
  const heights = await rows.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
  expect(new Set(heights).size, `row heights ${[...new Set(heights)].join(", ")}`).toBe(1);
  await expectNoHorizontalScroll(page);

  // Grouped by region: the four demo regions (OpenNebula and CloudSigma name none), each a table of its own.
  await page.getByRole("navigation", { name: "Group by" }).getByRole("link", { name: "Region" }).click();
  await expect(page).toHaveURL(/layout=list&group=region|group=region&layout=list/);
  const groups = page.getByRole("region", { name: "Clouds, worst first" }).getByRole("table");
  await expect(groups).toHaveCount(4);
  expect((await groups.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")))).sort()).toEqual(["No region", "Region cern-geneva", "Region fg-hotel", "Region uvic-victoria"]);
  await expectAccessible(page);

  // The switcher, by keyboard only: open, narrow, pick.
  const switcher = nav.getByRole("button", { name: /Clouds \(50\)/ });
  await switcher.focus();
  await page.keyboard.press("Enter");
  const search = nav.getByRole("combobox", { name: "Find a cloud" });
  await expect(search).toBeFocused();
  await expect(nav.getByRole("option")).toHaveCount(50);
  await expect(nav.getByRole("option").filter({ hasText: PAUSED })).toContainText("paused");
  await page.keyboard.type("helix nebula 10");
  await expect(nav.getByRole("option")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/clouds\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Helix Nebula 10");
  await expect(nav.getByRole("button", { name: /Helix Nebula 10/ })).toBeVisible();
  await expectOneLine(nav.locator(":scope > *"), "the top navigation on a cloud's page");

  // At 1920 px the cards use the width: six or more to a row.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await overview.open();
  const tops = await overview.cards().evaluateAll((els) => els.slice(0, 8).map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(tops.filter((t) => t === tops[0]).length).toBeGreaterThanOrEqual(6);
  await context.close();
});

test("the console has a face: icons and a web manifest anyone may fetch, named by every page, and its name and version in the footer", async ({ page }) => {
  const base = process.env.CLOUDSCOPE_E2E_URL!;
  const manifest = await fetch(`${base}/manifest.webmanifest`);
  expect(manifest.status).toBe(200);
  const { name, display, icons } = (await manifest.json()) as { name: string; display: string; icons: Array<{ src: string; type: string }> };
  expect({ name, display }).toEqual({ name: "cloudscope", display: "standalone" });
  for (const icon of icons) {
    const res = await fetch(`${base}${icon.src}`);
    expect(res.status, icon.src).toBe(200);
    expect(res.headers.get("content-type"), icon.src).toContain(icon.type);
  }

  await page.goto("/login");
  await expect(page.locator("link[rel='manifest']")).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator("link[rel='icon'][type='image/svg+xml']")).toHaveAttribute("href", "/brand/icon.svg");
  await expect(page.locator("link[rel='apple-touch-icon']")).toHaveAttribute("href", "/brand/apple-touch-icon.png");
  await expect(page.getByTestId("product-version")).toHaveText(`cloudscope ${packageJson.version}`);
});
