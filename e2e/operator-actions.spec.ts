import { desc, eq } from "drizzle-orm";
import { closeDb, openDb, type Db } from "../db/client";
import { cloud as cloudTable, siteParamVersion, vm as vmTable } from "../db/schema";
import { authStatePath } from "./auth-state";
import { ConsoleApi } from "./console-api";
import { test as base, expect, NO_FAULTS, putFaults } from "./fixtures";
import { BOOT_TIMEOUT_MS, waitForLaunchedVms } from "./launched-vms";
import { ActionPage, ActionsListPage } from "./pages/action-page";
import { AuditPage } from "./pages/audit-page";
import { CloudPage } from "./pages/cloud-page";
import { OverviewPage } from "./pages/overview-page";
import { VmsPage } from "./pages/vms-page";

/**
 * The operator's day from issue 4, end to end against the running console and demo fleet:
 * launch 3 VMs on the demo OpenStack cloud and follow them to running, drain one, destroy
 * one after the confirmation, then check that a shifter sees none of those controls and
 * that the audit log lists what operator did. Each test stands alone: the drain, destroy
 * and shifter tests work on VMs of their own launch (see `launched` below).
 */

const CLOUD = "CERN LxCloud";
const IMAGE = "CernVM 4 ATLAS worker (golden)";
/** Not the site default (m1.large), so the dialog shows the choice: 2 vCPU each. */
const FLAVOR = "m1.medium";
const FLAVOR_VCPUS = 2;
const QUEUE = "CERN-PROD_CLOUD";
/** Launched VMs are named <queue slug>-cs-<action id>-<seq>. */
const namePrefix = (actionId: number) => `cern-prod-cloud-cs-${actionId}-`;


/** The VMs a launch made, by name. */
async function launchedVms(db: Db, actionId: number) {
  return db
    .select({ id: vmTable.id, name: vmTable.name, state: vmTable.state, runningAt: vmTable.runningAt, drainRequestedAt: vmTable.drainRequestedAt, destroyRequestedAt: vmTable.destroyRequestedAt })
    .from(vmTable)
    .where(eq(vmTable.launchActionId, actionId))
    .orderBy(vmTable.name, vmTable.id)
    .all();
}

/** Running VMs of a launch that no test has drained or destroyed, the one that booted last first. */
async function untouchedRunningVms(db: Db, actionId: number) {
  return (await launchedVms(db, actionId))
    .filter((v) => v.state === "running" && !v.drainRequestedAt && !v.destroyRequestedAt)
    .sort((a, b) => (b.runningAt?.getTime() ?? 0) - (a.runningAt?.getTime() ?? 0));
}

/** VMs operator launched through the API (the launch test covers the dialog), all running. */
interface Launched {
  cloudId: number;
  launchId: number;
  count: number;
}

/** Enough for the tests that use it to each take their own untouched VMs: drain 1, destroy 1, the audit test 2, and a spare. */
const LAUNCHED_COUNT = 5;

/**
 * `launched`: one launch per Playwright worker, made when a test first asks for it, so any of
 * these tests runs alone or in any order; each takes VMs nobody has touched (untouchedRunningVms).
 */
const test = base.extend<object, { launched: Launched }>({
  launched: [
    async ({ playwright }, use) => {
      const baseURL = process.env.CLOUDSCOPE_E2E_URL!;
      const db = openDb({ url: "", file: process.env.CLOUDSCOPE_E2E_DB! });
      const request = await playwright.request.newContext({ baseURL, storageState: authStatePath("operator") });
      try {
        // The demo fails ~3 % of boots on purpose; these tests need every VM running.
        await putFaults(CLOUD, { bootFailureRate: 0 });
        const launchId = await new ConsoleApi(request, baseURL).launch(db, { cloudName: CLOUD, imageName: IMAGE, flavorName: FLAVOR, queue: QUEUE, count: LAUNCHED_COUNT });
        await waitForLaunchedVms(db, launchId, LAUNCHED_COUNT, ["running"]);
        await putFaults(CLOUD, NO_FAULTS);
        const cloudId = (await db.select({ id: cloudTable.id }).from(cloudTable).where(eq(cloudTable.name, CLOUD)).get())!.id;
        await use({ cloudId, launchId, count: LAUNCHED_COUNT });
      } finally {
        await request.dispose();
        await closeDb(db);
      }
    },
    { scope: "worker", timeout: BOOT_TIMEOUT_MS + 30_000 },
  ],
});

function actionIdFromHref(href: string | null): number {
  const id = Number(/\/actions\/(\d+)$/.exec(href ?? "")?.[1]);
  if (!Number.isInteger(id) || id < 1) throw new Error(`not an action link: ${href}`);
  return id;
}

test.describe("as operator", () => {
  test.use({ role: "operator" });

  test("launches 3 VMs on CERN LxCloud after seeing the contextualization and the quota impact, and follows them to running", async ({ page, consoleDb, setFaults }) => {
    // The demo fails ~3 % of boots on purpose; this launch is about the happy path.
    await setFaults(CLOUD, { bootFailureRate: 0 });
    test.setTimeout(180_000);

    // The overview's card leads to the cloud.
    const overview = new OverviewPage(page);
    await overview.open();
    await overview.card(CLOUD).getByRole("link", { name: CLOUD, exact: true }).click();
    await expect(page).toHaveURL(/\/clouds\/\d+$/);
    const cloudId = Number(/\/clouds\/(\d+)$/.exec(page.url())![1]);
    const stored = await consoleDb.select({ id: cloudTable.id, kind: cloudTable.kind }).from(cloudTable).where(eq(cloudTable.name, CLOUD)).get();
    expect(stored).toEqual({ id: cloudId, kind: "openstack" });

    const cloud = new CloudPage(page, CLOUD);
    await cloud.open(cloudId);
    await expect(cloud.operatorControls()).toBeVisible();
    await expect(cloud.pauseButton()).toBeVisible();
    await expect(cloud.disableButton()).toBeVisible();
    const dialog = await cloud.openLaunchDialog();

    await dialog.chooseImage(IMAGE);
    await dialog.chooseFlavor(FLAVOR);
    await dialog.queue().fill(QUEUE);
    await dialog.count().fill("3");
    await expect(dialog.confirmButton()).toHaveAccessibleName(`Launch 3 VMs on ${CLOUD}`);

    // What the launch does to the quota: used now + what it adds = after, against the limit.
    await expect(dialog.quotaImpact().getByRole("heading")).toHaveText("Quota after launching 3 VMs");
    const instances = dialog.quotaMeter("instances");
    const cores = dialog.quotaMeter("cores");
    await expect(instances).toHaveAttribute("aria-valuetext", /^\d+ \+ 3 = \d+ of 120$/);
    await expect(cores).toHaveAttribute("aria-valuetext", new RegExp(`^\\d+ \\+ ${3 * FLAVOR_VCPUS} = \\d+ of 480$`));
    await expect(dialog.quotaMeter("RAM")).toHaveAttribute("aria-valuetext", /^[\d.,]+ [GM]B \+ 12 GB = [\d.,]+ [GM]B of 960 GB$/);
    for (const [meter, adds] of [
      [instances, 3],
      [cores, 3 * FLAVOR_VCPUS],
    ] as const) {
      const [used, after, limit] = (await meter.getAttribute("aria-valuetext"))!.match(/\d+/g)!.map((n) => Number(n)).filter((_, i) => i !== 1);
      expect(after).toBe(used! + adds);
      expect(after).toBeLessThanOrEqual(limit!);
    }

    // The contextualization each VM receives, rendered from the cloud's current site parameters.
    const site = (await consoleDb
      .select({ version: siteParamVersion.version, params: siteParamVersion.params })
      .from(siteParamVersion)
      .where(eq(siteParamVersion.cloudId, cloudId))
      .orderBy(desc(siteParamVersion.version))
      .limit(1)
      .get())!;
    const params = JSON.parse(site.params) as { cvmfsProxy: string; condorHost: string };
    await expect(dialog.contextPreview()).toContainText(`rendered from site parameters version ${site.version} for queue ${QUEUE}`);
    await expect(dialog.renderedContext()).toHaveAttribute("aria-busy", "false");
    await expect(dialog.renderedContext()).toContainText(params.cvmfsProxy);
    await expect(dialog.renderedContext()).toContainText(params.condorHost);
    await expect(dialog.renderedContext()).toContainText(QUEUE);

    await dialog.confirmButton().click();
    await expect(dialog.root()).toBeHidden();

    // The toast leads to the action.
    const toast = page.getByTestId("toast").filter({ hasText: "Launch of 3 VMs queued" });
    await expect(toast).toBeVisible();
    await toast.getByRole("link", { name: "follow it" }).click();
    await expect(page).toHaveURL(/\/actions\/\d+$/);
    const launchId = actionIdFromHref(page.url());

    const action = new ActionPage(page);
    await expect(action.heading()).toContainText(`Launch of 3 VMs on ${CLOUD}`);
    await expect(page.getByRole("main")).toContainText("requested by operator");
    // The cloud accepts the VMs at once; the launch succeeds only when all three run.
    await expect(page.getByRole("status").filter({ hasText: /Waiting for [1-3] VMs? to boot/ })).toBeVisible({ timeout: 30_000 });
    await expect(action.status()).toHaveText(/running/);
    await expect(action.status()).toHaveText(/succeeded/, { timeout: BOOT_TIMEOUT_MS });
    await expect(action.progress()).toHaveAttribute("aria-valuetext", "3 succeeded of 3");
    await expect(action.items()).toHaveCount(3);
    for (const item of await action.items().all()) await expect(item.getByTestId("action-status")).toHaveText(/succeeded/);
    await expect(page.getByTestId("toast").filter({ hasText: "Launch of 3 VMs succeeded" })).toBeVisible();

    // Each parameter once (the id behind a name on hover); the same launch again, filled in as it was.
    const parameters = page.getByRole("region", { name: "Parameters" });
    await expect(parameters.getByRole("term").filter({ hasText: /^Cloud$/ })).toHaveCount(1);
    await expect(parameters.getByText("Cloud id")).toHaveCount(0);
    await expect(parameters.getByRole("definition").filter({ hasText: CLOUD })).toHaveAttribute("title", /^id \d+$/);
    await page.getByRole("button", { name: "Launch the same again" }).click();
    const again = page.getByRole("dialog", { name: `Launch VMs on ${CLOUD}` });
    await expect(again.getByRole("spinbutton", { name: "Number of VMs" })).toHaveValue("3");
    await expect(again.getByRole("textbox", { name: "PanDA queue" })).toHaveValue(QUEUE);
    await again.getByRole("button", { name: "Cancel" }).click();
    await expect(again).toBeHidden();

    // The VMs it made, as the action names them and as the inventory stores them.
    const vmNames = (await launchedVms(consoleDb, launchId)).map((v) => v.name);
    expect(vmNames).toHaveLength(3);
    for (const name of vmNames) {
      expect(name.startsWith(namePrefix(launchId))).toBe(true);
      await expect(action.items().filter({ has: page.getByRole("cell", { name, exact: true }) })).toHaveCount(1);
    }

    // Watch them boot in the VMs table (it refreshes itself).
    const vms = new VmsPage(page);
    await vms.openNamePrefix(namePrefix(launchId));
    await expect(vms.rows()).toHaveCount(3);
    await expect(async () => {
      const shown = (await Promise.all(vmNames.map((name) => vms.stateBadge(name).innerText()))).map((s) => s.replace(/^\W+/, "").trim());
      expect(shown).toEqual(["running", "running", "running"]);
    }).toPass({ timeout: BOOT_TIMEOUT_MS, intervals: [1_000, 2_000] });
    for (const vm of await launchedVms(consoleDb, launchId)) expect(vm.state).toBe("running");
  });

  test("drains one of them from the VMs table: it shows as draining, with the time it has been draining", async ({ page, consoleDb, launched }) => {
    // The one that booted last has the most of its first job left, so it stays draining longest.
    const [drained, ...others] = (await untouchedRunningVms(consoleDb, launched.launchId)).map((v) => v.name);

    const vms = new VmsPage(page);
    await vms.openNamePrefix(namePrefix(launched.launchId));
    await expect(vms.rows()).toHaveCount(launched.count);
    await vms.select(drained!);
    await expect(vms.selectionToolbar()).toContainText("1 VM selected");
    await vms.selectionToolbar().getByRole("button", { name: "Drain…" }).click();

    const dialog = vms.bulkDialog("Drain");
    await expect(dialog).toHaveAccessibleName("Drain 1 selected VM");
    const summary = dialog.getByTestId("bulk-summary");
    await expect(summary).toContainText(`Drain 1 VM on ${CLOUD}.`);
    await expect(summary).toContainText(`${CLOUD}: 1 VM, 1 running a job`);
    await expect(summary).toContainText("It is running a job: each finishes its current job, takes no new one, and is then destroyed.");
    await expect(dialog.getByLabel("Deadline (hours)")).toHaveValue("24");
    await dialog.getByRole("button", { name: "Drain 1 VM", exact: true }).click();
    await expect(dialog).toBeHidden();

    const toast = page.getByTestId("toast").filter({ hasText: "Drain of 1 VM queued" });
    await expect(toast).toBeVisible();
    await expect(toast.getByRole("link", { name: "follow it" })).toHaveAttribute("href", /\/actions\/\d+$/);

    // Draining at once in words, then in the state the cloud reports once the VM has read the flag.
    await expect(vms.row(drained!)).toContainText(/draining for \d+ (s|min)/);
    await expect(vms.stateBadge(drained!)).toHaveText(/draining/, { timeout: 30_000 });
    await expect(vms.row(drained!)).toContainText(/draining for \d+ (s|min)/);
    for (const other of others) await expect(vms.row(other)).not.toContainText("draining");
    const stored = (await consoleDb
      .select({ drainRequestedAt: vmTable.drainRequestedAt, drainDeadlineAt: vmTable.drainDeadlineAt })
      .from(vmTable)
      .where(eq(vmTable.name, drained!))
      .get())!;
    expect(stored.drainRequestedAt).not.toBeNull();
    expect(stored.drainDeadlineAt!.getTime() - stored.drainRequestedAt!.getTime()).toBe(24 * 3_600_000);
  });

  test("destroys another after a confirmation that names how many VMs on which cloud and how many run jobs", async ({ page, consoleDb, launched }) => {
    test.setTimeout(90_000);
    const [destroyed, untouched] = (await untouchedRunningVms(consoleDb, launched.launchId)).map((v) => v.name);

    const vms = new VmsPage(page);
    await vms.openNamePrefix(namePrefix(launched.launchId));
    await expect(vms.rows()).toHaveCount(launched.count);
    await vms.select(destroyed!);
    await vms.selectionToolbar().getByRole("button", { name: "Destroy…" }).click();

    const dialog = vms.bulkDialog("Destroy");
    await expect(dialog).toHaveAccessibleName("Destroy 1 selected VM");
    // A destructive confirmation starts on Cancel.
    await expect(dialog.getByRole("button", { name: "Cancel", exact: true })).toBeFocused();
    const summary = dialog.getByTestId("bulk-summary");
    await expect(summary).toContainText(`Destroy 1 VM on ${CLOUD}.`);
    await expect(summary.getByRole("listitem")).toHaveText(`${CLOUD}: 1 VM, 1 running a job`);
    await expect(summary).toContainText("It is running a job: destroying kills that job. Drain instead to let them finish.");
    await dialog.getByRole("button", { name: "Destroy 1 VM", exact: true }).click();
    await expect(dialog).toBeHidden();

    const toast = page.getByTestId("toast").filter({ hasText: "Destroy of 1 VM queued" });
    await expect(toast).toBeVisible();
    const destroyId = actionIdFromHref(await toast.getByRole("link", { name: "follow it" }).getAttribute("href"));

    await expect(vms.row(destroyed!)).toContainText(/destroy requested \d+ (s|min) ago|terminated/);
    await expect(vms.stateBadge(destroyed!)).toHaveText(/terminated/, { timeout: 30_000 });
    await expect(vms.row(destroyed!)).not.toContainText("destroy requested");
    expect((await launchedVms(consoleDb, launched.launchId)).find((v) => v.name === destroyed)?.state).toBe("terminated");
    // Only the selected VM: another of the launch is untouched.
    await expect(vms.row(untouched!)).not.toContainText(/draining|destroy requested|terminated/);

    const action = new ActionPage(page);
    await action.open(destroyId);
    await expect(action.heading()).toContainText(`Destroy of 1 VM on ${CLOUD}`);
    await expect(action.status()).toHaveText(/succeeded/, { timeout: 30_000 });
  });
});

test.describe("as shifter", () => {
  test.use({ role: "shifter" });

  test("finds no action controls on the cloud, the VMs table or the actions", async ({ page, launched }) => {
    const cloud = new CloudPage(page, CLOUD);
    // Ended VMs too: another test destroyed one of this launch.
    await page.goto(`/clouds/${launched.cloudId}?${new URLSearchParams({ q: namePrefix(launched.launchId), match: "prefix", ended: "1" })}`);
    await expect(page.getByTestId("signed-in-as")).toHaveText("shifter (shifter)");
    await expect(cloud.heading()).toContainText(CLOUD);
    await expect(cloud.vmsTable().getByTestId("vm-row")).toHaveCount(launched.count);
    await expect(cloud.operatorControls()).toHaveCount(0);
    await expect(cloud.launchButton()).toHaveCount(0);
    await expect(cloud.pauseButton()).toHaveCount(0);
    await expect(cloud.disableButton()).toHaveCount(0);
    await expect(cloud.vmsTable().getByRole("checkbox")).toHaveCount(0);
    // Reading the site parameters stays open to every role.
    await expect(page.getByRole("link", { name: "Site parameters and contextualization" })).toBeVisible();

    const vms = new VmsPage(page);
    await vms.openNamePrefix(namePrefix(launched.launchId));
    await expect(vms.rows()).toHaveCount(launched.count);
    await expect(vms.checkboxes()).toHaveCount(0);
    await expect(vms.selectionToolbar()).toHaveCount(0);
    await expect(vms.drainButton()).toHaveCount(0);
    await expect(vms.destroyButton()).toHaveCount(0);

    const list = new ActionsListPage(page);
    await list.open();
    await expect(list.row(launched.launchId)).toBeVisible();
    await expect(page.getByRole("button", { name: /Retry|Cancel/ })).toHaveCount(0);

    const action = new ActionPage(page);
    await action.open(launched.launchId);
    await expect(action.status()).toHaveText(/succeeded/, { timeout: 30_000 });
    await expect(action.items().first()).toBeVisible();
    await expect(action.retryButton()).toHaveCount(0);
    await expect(action.cancelButton()).toHaveCount(0);
  });

  test("reads in the audit log the launch, the drain and the destroy by operator, each with its summary", async ({ page, consoleDb, launched, operatorApi }) => {
    const [toDrain, toDestroy] = await untouchedRunningVms(consoleDb, launched.launchId);
    const drainId = await operatorApi.drain([toDrain!.id]);
    const destroyId = await operatorApi.destroy([toDestroy!.id]);

    const audit = new AuditPage(page);
    await audit.open({ actor: "operator" });
    await expect(audit.actorFilter()).toHaveValue("operator");
    await expect(audit.rows().first()).toBeVisible();
    // Every entry is the operator user's; a read with a read-only token of theirs shows its scope as the role.
    const byOperatorUser = page.getByRole("cell", { name: /^operator\s*(operator|shifter)$/ });
    await expect(audit.rows().filter({ hasNot: byOperatorUser })).toHaveCount(0);
    const byOperator = page.getByRole("cell", { name: /^operator\s*operator$/ });

    const expected = [
      { id: launched.launchId, verb: "vms.launch", summary: `Launch ${launched.count} × ${FLAVOR} (${IMAGE}) on ${CLOUD} for ${QUEUE}` },
      { id: drainId, verb: "vms.drain", summary: `Drain 1 VM on ${CLOUD}, deadline 24 h` },
      { id: destroyId, verb: "vms.destroy", summary: new RegExp(`^Destroy 1 VM on ${CLOUD}(, 1 with a running job)?$`) },
    ];
    for (const entry of expected) {
      const row = audit.rowForAction(entry.id);
      await expect(row).toHaveCount(1);
      await expect(row.filter({ has: byOperator })).toHaveCount(1);
      // From where: the address operator's requests came from (this machine).
      await expect(row.getByRole("cell", { name: "127.0.0.1", exact: true })).toHaveCount(1);
      await expect(row.locator("code")).toHaveText(entry.verb);
      await expect(row.locator("p")).toHaveText(entry.summary);
    }
    // Newest first: destroy, drain, launch.
    const order = await audit.rows().getByRole("link", { name: /^action #\d+$/ }).allInnerTexts();
    const positions = [destroyId, drainId, launched.launchId].map((id) => order.indexOf(`action #${id}`));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
  });
});
