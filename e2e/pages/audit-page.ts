import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /audit: every mutation, newest first, filtered through the URL. */
export class AuditPage {
  constructor(private readonly page: Page) {}

  async open(filters: { actor?: string; verb?: string; type?: string; target?: string } = {}): Promise<void> {
    const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined));
    await this.page.goto(`/audit${query.size > 0 ? `?${query}` : ""}`);
    await waitForHydration(this.page);
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "Audit log", exact: true });
  }

  rows(): Locator {
    return this.page.getByTestId("audit-row");
  }

  /** The entry (or entries) whose target is one action. */
  rowForAction(actionId: number): Locator {
    return this.rows().filter({ has: this.page.getByRole("link", { name: `action #${actionId}`, exact: true }) });
  }

  actorFilter(): Locator {
    return this.page.getByLabel("Filter by who");
  }
}
