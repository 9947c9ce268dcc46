import { expect, test } from "./fixtures";
import { AlertsPage } from "./pages/alerts-page";
import { OverviewPage } from "./pages/overview-page";

const CLOUD = "FutureGrid Hotel";
const REACHABILITY = { signal: "reachability", threshold: 3, severity: "critical", runbookUrl: null, enabled: true };

test.use({ role: "shifter" });

test("a failing cloud shows its reason, fires one alert, and a shifter acknowledges it with a comment", async ({ page, setFaults, operatorApi, expectAccessible }) => {
  // The shipped "for" (2 min) would make this spec wait; an operator may shorten it.
  await operatorApi.updateAlertRule({ ...REACHABILITY, forSec: 1 });
  try {
    await setFaults(CLOUD, { errorRate: 1 });
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.status(CLOUD)).toHaveText(/down/, { timeout: 45_000 });
    await expect(overview.card(CLOUD)).toContainText(/VM list failing/);
    await expect(page.getByRole("link", { name: /^Alerts, [1-9]\d* firing$/ })).toBeVisible({ timeout: 45_000 });
    await expect(page).toHaveTitle(/^\(.*down.*firing\) /);

    const alerts = new AlertsPage(page);
    await alerts.open();
    await expect(alerts.row(CLOUD)).toHaveCount(1);
    await expect(alerts.row(CLOUD)).toContainText(/critical.*API reachability.*VM list failing/);
    await expectAccessible(page);

    await alerts.acknowledge(CLOUD, "Site contacted, ticket INC-42");
    await expect(alerts.row(CLOUD)).toHaveCount(0);
    await alerts.view("Acknowledged").click();
    await expect(page).toHaveURL(/\/alerts\?view=acknowledged$/);
    await expect(alerts.row(CLOUD)).toContainText("shifter: “Site contacted, ticket INC-42”");
  } finally {
    await operatorApi.updateAlertRule({ ...REACHABILITY, forSec: 120 });
  }
});
