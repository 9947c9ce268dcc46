import { eq } from "drizzle-orm";
import { image } from "../db/schema";
import { test, expect } from "./fixtures";
import { waitForHydration } from "./pages/hydration";
import { OverviewPage } from "./pages/overview-page";
import { VmsPage } from "./pages/vms-page";

/**
 * Issue 14, publishing: an admin publishes the demo version to both OpenStack clouds from
 * the image's page and watches the deployment matrix: one copy verified, the other (the
 * sim's store altering the bytes) flagged as modified with both checksums; each present
 * cell links to the VMs running that version. Then what runs: the demo fleet's VMs boot the
 * demo catalogue's production version (its golden image), so the cell's count opens exactly
 * those VMs, each marked production, and the overview counts none on revoked or unknown images.
 */
test.use({ role: "admin" });

test("an admin publishes a version to two clouds and the matrix shows each copy's fate", async ({ page, consoleDb, setFaults, expectAccessible }) => {
  await setFaults("UVic Nefos", { imageUpload: "corrupt" });
  const demo = (await consoleDb.select({ id: image.id }).from(image).where(eq(image.name, "cernvm4")).get())!;
  await page.goto(`/images/${demo.id}`);
  await waitForHydration(page);
  const deployments = page.getByRole("region", { name: "Deployments" });
  await expect(deployments.getByRole("columnheader", { name: "CERN LxCloud" })).toBeVisible();

  await deployments.getByLabel("Version to publish").selectOption({ label: "4.0.1" });
  await deployments.getByRole("checkbox", { name: "CERN LxCloud" }).check();
  await deployments.getByRole("checkbox", { name: "UVic Nefos" }).check();
  await deployments.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Publish to 2 clouds queued")).toBeVisible();

  const cern = deployments.getByTestId("deployment-4.0.1-CERN LxCloud");
  const uvic = deployments.getByTestId("deployment-4.0.1-UVic Nefos");
  await expect(cern).toContainText("present", { timeout: 30_000 });
  await expect(cern).toContainText("checksum verified");
  await expect(cern.getByRole("link", { name: /^\d+ VMs?$/ })).toHaveAttribute("href", /\/vms\?cloud=\d+&version=\d+$/);
  await expect(uvic).toContainText("present but modified", { timeout: 30_000 });
  await expect(uvic).toContainText("Checksum mismatch after upload");
  await expectAccessible(page);

  // Revoking is offered with a drain of the VMs still on the version, per cloud (not clicked: other specs boot it).
  const runners = page.getByTestId("runners-cernvm4 4.0.1");
  await expect(runners).toContainText(/CERN LxCloud: \d+ VMs?/, { timeout: 30_000 });
  await expect(runners.getByRole("checkbox", { name: /^Drain these \d+ VMs?$/ })).toBeVisible();

  const vms = new VmsPage(page);
  const running = cern.getByRole("link", { name: /^\d+ VMs?$/ });
  await expect(running).not.toHaveText("0 VMs", { timeout: 30_000 });
  await running.click();
  await expect(page).toHaveURL(/\/vms\?cloud=\d+&version=\d+$/);
  await expect.poll(() => vms.total()).toBeGreaterThan(0);
  await expect(vms.rows().first().getByText("approved (production)", { exact: true })).toBeVisible();

  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.card("CERN LxCloud")).toBeVisible();
  await expect(page.getByRole("link", { name: /VMs? on revoked or unknown images/ })).toHaveCount(0);
  await expectAccessible(page);
});
