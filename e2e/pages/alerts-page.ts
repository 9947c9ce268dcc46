import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /alerts as a shifter sees it: view tabs, one row per alert, acknowledging from the row. */
export class AlertsPage {
  constructor(private readonly page: Page) {}

  async open(view?: "firing" | "acknowledged" | "recent"): Promise<void> {
    await this.page.goto(view ? `/alerts?view=${view}` : "/alerts");
    await waitForHydration(this.page);
  }

  row(cloudName: string): Locator {
    return this.page.getByRole("row").filter({ hasText: cloudName });
  }

  view(name: "Firing" | "Acknowledged"): Locator {
    return this.page.getByRole("navigation", { name: "Alert views" }).getByRole("link", { name });
  }

  async acknowledge(cloudName: string, comment: string): Promise<void> {
    const row = this.row(cloudName);
    await row.getByRole("button", { name: /^Acknowledge:/ }).click();
    await row.getByLabel("Comment").fill(comment);
    await row.getByRole("button", { name: "Acknowledge alert" }).click();
  }
}
