import { cloud as cloudTable, vmArchive } from "../db/schema";
import { expect, test } from "./fixtures";
import { OverviewPage } from "./pages/overview-page";
import { VmsPage } from "./pages/vms-page";

/**
 * Every number is a way in (issue 12): a count on the overview opens the VMs table
 * filtered to exactly the VMs it counted. The demo fleet keeps moving, so a pair read
 * while a VM changed state is read again.
 */
const CLOUD = "StratusLab LAL";

test.use({ role: "shifter" });

test("a cloud's running count on the overview opens a VMs table with as many rows", async ({ page, expectAccessible }) => {
  const overview = new OverviewPage(page);
  const vms = new VmsPage(page);
  await expect(async () => {
    await overview.open();
    const counted = await overview.count(CLOUD, "running");
    expect(counted).toBeGreaterThan(0);
    await overview.card(CLOUD).getByTestId("count-running").getByRole("link").click();
    await expect(page).toHaveURL(/\/vms\?cloud=\d+&state=running$/);
    await expect(vms.stateFilter("running")).toBeChecked();
    expect(await vms.total()).toBe(counted);
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000] });
  await expectAccessible(page);
});

test("the fleet's live total opens the VMs table of every live VM", async ({ page }) => {
  const overview = new OverviewPage(page);
  const vms = new VmsPage(page);
  await expect(async () => {
    await overview.open();
    const live = page.getByRole("region", { name: "Fleet totals" }).getByRole("link", { name: /live VMs/ });
    const counted = Number((await live.innerText()).replace(/\D/g, ""));
    await live.click();
    await expect(page).toHaveURL(/\/vms$/);
    expect(await vms.total()).toBe(counted);
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000] });
});

test("a shifter's row menu opens and copies but offers no drain or destroy; hidden columns stay hidden after a reload, the sort stays in the URL", async ({ page }) => {
  const vms = new VmsPage(page);
  const query = "?state=running&sort=ip&dir=desc";
  await vms.open(query);
  const first = vms.rows().first();
  await first.getByRole("button", { name: /^Actions for / }).click();
  await expect(page.getByRole("menu").getByRole("menuitem")).toHaveText(["Open", "Copy provider id"]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();

  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "IP", exact: true }).uncheck();
  await expect(vms.table().getByRole("button", { name: "Sort by IP" })).toHaveCount(0);
  await vms.open(query);
  await expect(vms.table().getByRole("button", { name: "Sort by Queue" })).toBeVisible();
  await expect(vms.table().getByRole("button", { name: "Sort by IP" })).toHaveCount(0);
  await expect(page).toHaveURL((url) => url.searchParams.get("state") === "running" && url.searchParams.get("sort") === "ip" && url.searchParams.get("dir") === "desc");
});

test("an archived VM's page still opens, marked archived", async ({ page, consoleDb }) => {
  const [c] = await consoleDb.select({ id: cloudTable.id }).from(cloudTable).limit(1).all();
  // Far above the ids the demo hands out, so it names no live VM.
  const id = 900_000_000 + (Date.now() % 1_000_000);
  const ended = new Date(Date.now() - 30 * 86_400_000);
  await consoleDb
    .insert(vmArchive)
    .values({ id, cloudId: c!.id, providerId: `gone-${id}`, name: `archived-${id}`, state: "terminated", rawState: "DELETED", lastSeenAt: ended, stateChangedAt: ended, archivedAt: new Date() })
    .run();
  await page.goto(`/vms/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`archived-${id}`);
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();
});
