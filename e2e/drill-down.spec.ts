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
