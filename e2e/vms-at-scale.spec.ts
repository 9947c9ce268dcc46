import fs from "node:fs";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { vm as vmTable } from "../db/schema";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { BOOT_TIMEOUT_MS, waitForLaunchedVms } from "./launched-vms";
import { VmsPage } from "./pages/vms-page";

/**
 * The VMs table at scale (issue 12): select every VM a filter matches and drain them from
 * the sticky selection bar, with a confirmation that names them; export the filtered table
 * and find the database's rows in the file; reach the next page and drain a VM by keyboard alone,
 * then open that row's own action menu.
 */
const CLOUD = "CERN LxCloud";
const IMAGE = "CernVM 4 ATLAS worker (golden)";
const FLAVOR = "m1.medium";
const QUEUE = "CERN-PROD_CLOUD";
/** Launched VMs are named <queue slug>-cs-<action id>-<seq>. */
const namePrefix = (actionId: number) => `cern-prod-cloud-cs-${actionId}-`;

/** Presses Tab (or Shift+Tab) until the focused element is the one wanted, as a keyboard user would. */
async function tabUntil(page: Page, key: "Tab" | "Shift+Tab", wanted: (focused: Locator) => Promise<boolean>) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(key);
    if (await wanted(page.locator(":focus"))) return;
  }
  throw new Error(`${key} never reached the element wanted`);
}
const isRow = async (focused: Locator) => (await focused.getAttribute("data-testid")) === "vm-row";

test.describe("as operator", () => {
  test.use({ role: "operator" });

  test("selects all VMs matching a filter, drains them from the sticky selection bar, and exports them", async ({ page, consoleDb, operatorApi, setFaults, expectAccessible }) => {
    test.setTimeout(BOOT_TIMEOUT_MS + 60_000);
    await setFaults(CLOUD, { bootFailureRate: 0 });
    const count = 11;
    const launchId = await operatorApi.launch(consoleDb, { cloudName: CLOUD, imageName: IMAGE, flavorName: FLAVOR, queue: QUEUE, count });
    // Every one has reached the cloud (booting or running: a drain takes them).
    const launched = await waitForLaunchedVms(consoleDb, launchId, count, ["booting", "running"]);

    const vms = new VmsPage(page);
    await vms.open(`?${new URLSearchParams({ q: namePrefix(launchId), match: "prefix", size: "25" })}`);
    await expect(vms.rows()).toHaveCount(count);
    const bar = vms.selectionToolbar();
    await expect(bar).toHaveCSS("position", "sticky");
    await bar.getByRole("button", { name: `Select all ${count} matching this filter` }).click();
    await expect(bar).toContainText(`${count} VMs selected`);
    await expectAccessible(page);

    await bar.getByRole("button", { name: "Drain…" }).click();
    const dialog = vms.bulkDialog("Drain");
    await expect(dialog).toHaveAccessibleName(`Drain ${count} selected VMs`);
    // The first ten by name, then how many more.
    await expect(dialog.getByTestId("bulk-names")).toHaveText(`${launched.slice(0, 10).map((v) => v.name).join(", ")} and 1 more`);
    await dialog.getByRole("button", { name: `Drain ${count} VMs`, exact: true }).click();
    await expect(dialog).toBeHidden();
    const toast = page.getByTestId("toast").filter({ hasText: `Drain of ${count} VMs queued` });
    await expect(toast).toBeVisible();
    const actionHref = (await toast.getByRole("link", { name: "follow it" }).getAttribute("href"))!;

    await expect(async () => {
      const rows = await consoleDb.select({ drainRequestedAt: vmTable.drainRequestedAt }).from(vmTable).where(inArray(vmTable.id, launched.map((v) => v.id))).all();
      expect(rows.filter((r) => r.drainRequestedAt !== null)).toHaveLength(count);
    }).toPass({ timeout: 15_000 });

    // Every state, so the set cannot change under the export while the VMs drain.
    await vms.open(`?${new URLSearchParams({ q: namePrefix(launchId), match: "prefix", ended: "1", size: "25" })}`);
    await expect(vms.rows()).toHaveCount(count);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^cloudscope-vms-ended-1-q-${namePrefix(launchId)}-match-prefix-\\d{8}T\\d{4}Z\\.csv$`));
    const [header, ...lines] = fs.readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n").map((line) => line.split(","));
    const stored = await consoleDb.select({ id: vmTable.id, name: vmTable.name }).from(vmTable).where(eq(vmTable.launchActionId, launchId)).orderBy(asc(vmTable.id)).all();
    expect(lines.map((cells) => ({ id: Number(cells[header!.indexOf("id")]), name: cells[header!.indexOf("name")] }))).toEqual(stored);

    // The drain is among my actions of today, and not among those before 2020.
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`/actions?mine=1&from=${today}`);
    await expect(page.getByRole("checkbox", { name: "My actions" })).toBeChecked();
    await expect(page.locator(`a[href="${actionHref}"]`)).toBeVisible();
    await page.goto("/actions?mine=1&to=2020-01-01");
    await expect(page.getByText("No actions match these filters.")).toBeVisible();
  });

  test("keyboard only: reaches the next page and drains one VM", async ({ page, consoleDb }) => {
    const vms = new VmsPage(page);
    await vms.open("?state=running&size=25");
    await expect(vms.rows()).toHaveCount(25);
    // The rows are server-rendered before the table's own keys are live: press until it answers ("?" on an open dialog does nothing).
    const shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(async () => {
      await page.keyboard.press("?");
      await expect(shortcuts).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(shortcuts).toContainText("drain the selected VMs");
    await page.keyboard.press("Escape");
    await page.keyboard.press("/");
    await expect(page.getByRole("searchbox", { name: "Search VMs by name, IP or provider id" })).toBeFocused();

    // Tab walks to the rows (one stop each), End to the last, Tab once more to the next page.
    await tabUntil(page, "Tab", isRow);
    await page.keyboard.press("End");
    await expect(vms.rows().last()).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Next page" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("Page 2 of");

    // A row nobody has asked to drain or destroy yet (the first test drains VMs that may still read "running").
    await tabUntil(page, "Shift+Tab", async (focused) => (await isRow(focused)) && !/draining for|destroy requested/.test((await focused.textContent()) ?? ""));
    const name = (await page.locator(":focus").getAttribute("aria-label"))!;
    await page.keyboard.press("Space");
    await expect(vms.selectionToolbar()).toContainText("1 VM selected");
    await page.keyboard.press("d");
    const dialog = vms.bulkDialog("Drain");
    await expect(dialog).toHaveAccessibleName("Drain 1 selected VM");
    await expect(dialog.getByRole("button", { name: "Drain 1 VM", exact: true })).toBeEnabled();
    await tabUntil(page, "Tab", async (focused) => (await focused.textContent()) === "Drain 1 VM");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("toast").filter({ hasText: "Drain of 1 VM queued" })).toBeVisible();
    const stored = (await consoleDb.select({ drainRequestedAt: vmTable.drainRequestedAt }).from(vmTable).where(eq(vmTable.name, name)).get())!;
    expect(stored.drainRequestedAt).not.toBeNull();

    // The row's own menu: "m" opens it, a draining VM offers no second drain, End reaches Destroy, Escape gives the row its focus back.
    await expect(vms.row(name)).toContainText("draining for");
    await vms.row(name).focus();
    await page.keyboard.press("m");
    const menu = page.getByRole("menu", { name: `Actions for ${name}` });
    await expect(menu.getByRole("menuitem")).toHaveText(["Open", "Copy provider id", "Destroy…"]);
    await expect(menu.getByRole("menuitem", { name: "Open" })).toBeFocused();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    const destroy = vms.bulkDialog("Destroy");
    await expect(destroy).toHaveAccessibleName("Destroy 1 selected VM");
    await expect(destroy.getByTestId("bulk-names")).toHaveText(name);
    await destroy.getByRole("button", { name: "Cancel" }).click();
    await vms.row(name).focus();
    await page.keyboard.press("m");
    await expect(menu).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(vms.row(name)).toBeFocused();
  });
});
