import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** The all-clouds VMs table with its filters. */
export class VmsPage {
  constructor(private readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/vms${query}`);
    await waitForHydration(this.page);
  }

  /** The VMs whose names start with `prefix` (the URL the search box writes with "starts with"), ended ones too. */
  async openNamePrefix(prefix: string): Promise<void> {
    await this.open(`?${new URLSearchParams({ q: prefix, match: "prefix", ended: "1" })}`);
  }

  rows(): Locator {
    return this.page.getByTestId("vm-row");
  }

  /** The row of one VM, by its exact name. */
  row(name: string): Locator {
    return this.rows().filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** A row's state badge ("● running"); its title names the provider's own state. */
  stateBadge(name: string): Locator {
    return this.row(name).locator("span[title^='provider state:']");
  }

  /** Every shown row's state badge. */
  stateBadges(): Locator {
    return this.rows().locator("span[title^='provider state:']");
  }

  /** The tick box that selects one VM for a drain or destroy. */
  checkbox(name: string): Locator {
    return this.page.getByRole("checkbox", { name: `Select ${name}`, exact: true });
  }

  /** Any selection tick box, the page's "select all" included. */
  checkboxes(): Locator {
    return this.table().getByRole("checkbox");
  }

  /** Ticks one VM; retried because the table may still be hydrating. */
  async select(name: string): Promise<void> {
    const box = this.checkbox(name);
    await expect(async () => {
      await box.check({ timeout: 2_000 });
      await expect(box).toBeChecked({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }

  selectionToolbar(): Locator {
    return this.page.getByRole("group", { name: "Selected VMs" });
  }

  drainButton(): Locator {
    return this.page.getByRole("button", { name: /Drain/ });
  }

  destroyButton(): Locator {
    return this.page.getByRole("button", { name: /Destroy/ });
  }

  /** The drain or destroy confirmation ("Drain 1 selected VM"). */
  bulkDialog(kind: "Drain" | "Destroy"): Locator {
    return this.page.getByRole("dialog", { name: new RegExp(`^${kind} \\d+ selected VMs?$`) });
  }

  stateFilter(state: string): Locator {
    return this.page.getByLabel(`State ${state}`, { exact: true });
  }

  /** Ticks a state filter; retried because a streamed section may still be hydrating. */
  async filterByState(state: string): Promise<void> {
    const box = this.stateFilter(state);
    await expect(async () => {
      await box.check({ timeout: 2_000 });
      await expect(box).toBeChecked({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }

  /** "1–50 of 1,234 VMs" or "No VMs": the number of VMs matching the filters, once the rows are in. */
  async total(): Promise<number> {
    const text = await this.page.getByRole("navigation", { name: "Pagination" }).locator("p").first().innerText();
    if (text.startsWith("No ")) return 0;
    return Number(/of ([\d,]+)/.exec(text)![1]!.replace(/,/g, ""));
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "VMs", exact: true });
  }
}
