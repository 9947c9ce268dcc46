import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { cloud } from "../db/schema";
import { test, expect } from "./fixtures";
import { ActionPage, ActionsListPage } from "./pages/action-page";
import { AuditPage } from "./pages/audit-page";
import { CloudPage } from "./pages/cloud-page";
import { waitForHydration } from "./pages/hydration";
import { LoginPage } from "./pages/login-page";
import { OverviewPage } from "./pages/overview-page";
import { UsersPage } from "./pages/users-page";
import { VmsPage } from "./pages/vms-page";

/**
 * axe on every page, once its data has arrived, as the role that sees the most controls on it:
 * a serious or critical violation (a control without a name, unreadable contrast, …) fails.
 */
const CLOUD = "CERN LxCloud";

async function cloudIdOf(db: Db, name: string): Promise<number> {
  return (await db.select({ id: cloud.id }).from(cloud).where(eq(cloud.name, name)).get())!.id;
}

test("the sign-in page", async ({ page, expectAccessible }) => {
  await new LoginPage(page).open();
  await expectAccessible(page);
});

test.describe("as operator", () => {
  test.use({ role: "operator" });

  test("the overview", async ({ page, expectAccessible }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.status(CLOUD)).toHaveText(/up/);
    await expectAccessible(page);
  });

  test("a cloud's page, and its launch dialog", async ({ page, consoleDb, expectAccessible }) => {
    const cloudPage = new CloudPage(page, CLOUD);
    await cloudPage.open(await cloudIdOf(consoleDb, CLOUD));
    await expect(cloudPage.vmsTable().getByTestId("vm-row").first()).toBeVisible();
    await expectAccessible(page);
    const dialog = await cloudPage.openLaunchDialog();
    await expect(dialog.renderedContext()).toHaveAttribute("aria-busy", "false");
    await expectAccessible(page);
  });

  test("a cloud's site parameters", async ({ page, consoleDb, expectAccessible }) => {
    await page.goto(`/clouds/${await cloudIdOf(consoleDb, CLOUD)}/site-params`);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(CLOUD);
    await expectAccessible(page);
  });

  test("the VMs table, and a destroy confirmation (cancelled)", async ({ page, expectAccessible }) => {
    const vms = new VmsPage(page);
    await vms.open("?state=running");
    const name = await vms.rows().first().getByRole("checkbox").getAttribute("aria-label");
    await expectAccessible(page);
    await vms.select(name!.replace(/^Select /, ""));
    await vms.selectionToolbar().getByRole("button", { name: "Destroy…" }).click();
    const dialog = vms.bulkDialog("Destroy");
    await expect(dialog.getByTestId("bulk-summary")).toBeVisible();
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(dialog).toBeHidden();
  });

  test("the actions list, an action's page and the audit log", async ({ page, consoleDb, operatorApi, expectAccessible }) => {
    const actionId = await operatorApi.launch(consoleDb, { cloudName: CLOUD, imageName: "CernVM 4 ATLAS worker (golden)", flavorName: "m1.medium", queue: "CERN-PROD_CLOUD", count: 1 });

    const list = new ActionsListPage(page);
    await list.open();
    await expect(list.row(actionId)).toBeVisible();
    await expectAccessible(page);

    const action = new ActionPage(page);
    await action.open(actionId);
    await expect(action.heading()).toContainText(`Launch of 1 VM on ${CLOUD}`);
    await expectAccessible(page);

    const audit = new AuditPage(page);
    await audit.open();
    await expect(audit.rowForAction(actionId)).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("as admin", () => {
  test.use({ role: "admin" });

  test("the users page, and a role change confirmation (cancelled)", async ({ page, expectAccessible }) => {
    const users = new UsersPage(page);
    await users.open();
    await expect(users.row("admin")).toBeVisible();
    await expectAccessible(page);
    await users.roleSelect("shifter").selectOption("operator");
    await expect(users.confirmDialog()).toBeVisible();
    await expectAccessible(page);
    await users.confirmDialog().getByRole("button", { name: "Cancel" }).click();
    await expect(users.roleSelect("shifter")).toHaveValue("shifter");
  });
});
