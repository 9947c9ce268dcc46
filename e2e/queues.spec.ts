import { expect, test } from "./fixtures";

/**
 * Issue 11: the demo's PanDA queues, each with its jobs and charts, and the autoscaler's
 * plan: an operator edits the policy and reads the plan's reasons; a shifter reads both.
 */
const QUEUE = "IAAS_CA";
const CLOUD = "UVic Nefos";

test.use({ role: "operator" });

test("an operator sees the queues and a queue's charts, edits its policy and reads the plan's reasons; a shifter reads them and cannot edit", async ({ page, pageAs, expectAccessible }) => {
  await page.goto("/queues");
  const row = page.getByRole("table", { name: "PanDA queues" }).getByRole("row").filter({ hasText: QUEUE });
  await expect(row).toContainText(CLOUD);
  await expect(row.getByText(/^ok, \d+ ms/)).toBeVisible();
  await expectAccessible(page);

  await row.getByRole("link", { name: QUEUE }).click();
  await expect(page).toHaveURL(`/queues/${QUEUE}`);
  await expect(page.getByRole("heading", { name: QUEUE, level: 1 })).toBeVisible();
  await expect(page.getByRole("figure", { name: /^Activated vs running jobs\. Latest/ })).toBeVisible();
  await expect(page.getByRole("figure", { name: /^Finished vs failed jobs per hour\./ })).toBeVisible();
  await page.getByRole("link", { name: "Last 24 hours" }).click();
  await expect(page).toHaveURL(`/queues/${QUEUE}?range=24h`);
  await expect(page.getByRole("list", { name: "Plan" })).toContainText("No autoscaling policy");

  const form = page.getByRole("form", { name: "Autoscaling policy" });
  await form.getByRole("checkbox", { name: `Serve from ${CLOUD}` }).check();
  await form.getByRole("textbox", { name: "Minimum VMs" }).fill("80");
  await form.getByRole("textbox", { name: "Maximum VMs" }).fill("60");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form.getByText("Minimum VMs (80) is above maximum VMs (60)")).toBeVisible();
  await form.getByRole("textbox", { name: "Maximum VMs" }).fill("90");
  // The image list comes with the cloud's first images poll.
  await expect(form.getByRole("combobox", { name: `Image on ${CLOUD}` })).not.toHaveValue("");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved version 1");
  const launch = new RegExp(`^${CLOUD}: \\+5 VMs: \\d+ activated and \\d+ running jobs at 8 jobs/VM need \\d+ \\(policy minimum 80\\), \\d+ live; at most 5 per cloud per tick$`);
  await expect(page.getByRole("list", { name: "Plan" }).getByRole("listitem").filter({ hasText: launch })).toBeVisible();
  await expect(page.getByText("Dry-run: nothing is launched or drained")).toBeVisible();
  await expectAccessible(page);

  const shifter = await pageAs("shifter");
  await shifter.goto(`/queues/${QUEUE}`);
  await expect(shifter.getByRole("list", { name: "Plan" }).getByRole("listitem").filter({ hasText: launch })).toBeVisible();
  await expect(shifter.getByRole("heading", { name: /^Autoscaling policy \(version 1 by operator\)$/ })).toBeVisible();
  await expect(shifter.getByRole("button", { name: "Save policy" })).toHaveCount(0);

  // Acting on: the autoscaler queues the plan's launch, named after it, with the plan's sentence as reason.
  await form.getByRole("checkbox", { name: "Act on the plan (off: dry-run)" }).check();
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved version 2");
  await expect(async () => {
    await page.goto("/actions");
    await expect(page.getByRole("row").filter({ hasText: "autoscaler" }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 40_000, intervals: [2_000] });
  await page.getByRole("row").filter({ hasText: "autoscaler" }).first().getByRole("link").first().click();
  await expect(page.getByText(new RegExp(`^${CLOUD}: \\+\\d+ VMs?: \\d+ activated and \\d+ running jobs at 8 jobs/VM need`)).first()).toBeVisible();

  // The global pause: every page says so, and the plan holds.
  await page.goto("/queues");
  await page.getByRole("textbox", { name: "Reason to pause" }).fill("INC-42: Keystone outage");
  await page.getByRole("button", { name: "Pause all autoscaling" }).click();
  await expect(page.getByText("Autoscaling is paused by operator: INC-42: Keystone outage")).toBeVisible();
  await page.goto("/");
  await expect(page.getByText("Autoscaling is paused by operator: INC-42: Keystone outage")).toBeVisible();
  await page.goto(`/queues/${QUEUE}`);
  await expect(page.getByRole("list", { name: "Plan" })).toHaveText("Autoscaling is paused by operator: INC-42: Keystone outage");
  await page.goto("/queues");
  await page.getByRole("button", { name: "Resume autoscaling" }).click();
  await expect(page.getByText("Autoscaling is paused by operator")).toHaveCount(0);

  // Back to dry-run, so the autoscaler does not launch and drain beside the other specs.
  await page.goto(`/queues/${QUEUE}`);
  await form.getByRole("checkbox", { name: "Act on the plan (off: dry-run)" }).uncheck();
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved version 3");

  await page.goto("/queues/NO_SUCH_QUEUE");
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
});
