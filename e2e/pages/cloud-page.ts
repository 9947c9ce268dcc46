import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /clouds/<id>: the cloud's header (with the operator's controls) and its VMs table. */
export class CloudPage {
  constructor(
    private readonly page: Page,
    readonly cloudName: string,
  ) {}

  async open(cloudId: number): Promise<void> {
    await this.page.goto(`/clouds/${cloudId}`);
    await waitForHydration(this.page);
    await expect(this.heading()).toContainText(this.cloudName);
  }

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  operatorControls(): Locator {
    return this.page.getByRole("group", { name: `Operator controls for ${this.cloudName}` });
  }

  launchButton(): Locator {
    return this.page.getByRole("button", { name: /Launch VMs/ });
  }

  /** Pause/Resume and Disable/Enable, whichever way round they currently read. */
  pauseButton(): Locator {
    return this.page.getByRole("button", { name: new RegExp(`^(Pause|Resume) launches on ${this.cloudName}$`) });
  }

  disableButton(): Locator {
    return this.page.getByRole("button", { name: new RegExp(`^(Disable|Enable) ${this.cloudName}$`) });
  }

  vmsTable(): Locator {
    return this.page.getByRole("table", { name: "VMs", exact: true });
  }

  /** Opens the launch dialog; retried because the header's controls may still be hydrating. */
  async openLaunchDialog(): Promise<LaunchDialog> {
    const dialog = new LaunchDialog(this.page, this.cloudName);
    await expect(async () => {
      // A click that opened the dialog late must not be repeated: the open dialog would block it.
      if (!(await dialog.root().isVisible())) await this.launchButton().click({ timeout: 2_000 });
      await expect(dialog.root()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    return dialog;
  }
}

/** The "Launch VMs on <cloud>" dialog: fields, the quota impact, the contextualization preview. */
export class LaunchDialog {
  constructor(
    private readonly page: Page,
    private readonly cloudName: string,
  ) {}

  root(): Locator {
    return this.page.getByRole("dialog", { name: `Launch VMs on ${this.cloudName}` });
  }

  image(): Locator {
    return this.root().getByLabel("Image", { exact: true });
  }

  flavor(): Locator {
    return this.root().getByLabel("Flavor", { exact: true });
  }

  queue(): Locator {
    return this.root().getByLabel("PanDA queue", { exact: true });
  }

  count(): Locator {
    return this.root().getByLabel("Number of VMs", { exact: true });
  }

  quotaImpact(): Locator {
    return this.root().getByRole("region", { name: "Quota after this launch" });
  }

  /** One quota bar ("instances", "cores", "RAM") after the launch. */
  quotaMeter(resource: string): Locator {
    return this.quotaImpact().getByRole("meter", { name: `${resource} after launch` });
  }

  contextPreview(): Locator {
    return this.root().getByRole("region", { name: "Contextualization each VM will receive" });
  }

  /** The rendered user-data / context script / hiera data itself. */
  renderedContext(): Locator {
    return this.contextPreview().locator("pre");
  }

  confirmButton(): Locator {
    return this.root().getByRole("button", { name: new RegExp(`^Launch \\d+ VMs? on ${this.cloudName}$`) });
  }

  /** Chooses an image by the start of its name (options read "<name> (<status>, <os>)"). */
  async chooseImage(name: string): Promise<void> {
    const option = this.image().locator("option", { hasText: name });
    await expect(option).toHaveCount(1);
    await this.image().selectOption({ value: (await option.getAttribute("value"))! });
  }

  /** Chooses a flavor by its name (options read "<name> — 4 vCPU, ..."). */
  async chooseFlavor(name: string): Promise<void> {
    const option = this.flavor().locator("option", { hasText: new RegExp(`^${name} —`) });
    await expect(option).toHaveCount(1);
    await this.flavor().selectOption({ value: (await option.getAttribute("value"))! });
  }
}
