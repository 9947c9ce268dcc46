import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** The all-clouds VMs table with its filters. */
export class VmsPage {
  constructor(private readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/vms${query}`);
    await waitForHydration(this.page);
  }

  rows(): Locator {
    return this.page.getByTestId("vm-row");
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

  table(): Locator {
    return this.page.getByRole("table", { name: "VMs", exact: true });
  }
}
