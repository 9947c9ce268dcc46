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
 * cell links to the VMs running that version. Then what runs: the demo fleet's VMs boot an
 * uncatalogued golden image, so the overview counts them as on unknown images, and the count
 * opens the VMs table filtered to exactly those, each marked by its image trust.
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
  await expect(cern.getByRole("link", { name: "0 VMs" })).toHaveAttribute("href", /\/vms\?cloud=\d+&version=\d+$/);
  await expect(uvic).toContainText("present but modified", { timeout: 30_000 });
  await expect(uvic).toContainText("Checksum mismatch after upload");
  await expectAccessible(page);

  const overview = new OverviewPage(page);
  const vms = new VmsPage(page);
  await expect(async () => {
    await overview.open();
    const doubtful = overview.card("CERN LxCloud").getByRole("link", { name: /VMs? on revoked or unknown images/ });
    const counted = Number((await doubtful.innerText()).replace(/\D/g, ""));
    expect(counted).toBeGreaterThan(0);
    await doubtful.click();
    await expect(page).toHaveURL(/\/vms\?cloud=\d+&trust=revoked&trust=unknown$/);
    expect(await vms.total()).toBe(counted);
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000] });
  await expect(page.getByLabel("Filter by image trust")).toHaveValue("revoked,unknown");
  await expect(vms.rows().first().getByText("unknown", { exact: true })).toBeVisible();
  await expectAccessible(page);
});
