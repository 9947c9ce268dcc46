import type { Locator, Page } from "@playwright/test";

/** The all-clouds VMs table with its filters. */
export class VmsPage {
  constructor(private readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/vms${query}`);
  }

  rows(): Locator {
    return this.page.getByTestId("vm-row");
  }

  stateFilter(state: string): Locator {
    return this.page.getByLabel(`State ${state}`, { exact: true });
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "VMs", exact: true });
  }
}
