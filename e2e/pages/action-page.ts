import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /actions/<id>: one action followed to its end, with its per-VM progress. */
export class ActionPage {
  constructor(private readonly page: Page) {}

  async open(actionId: number): Promise<void> {
    await this.page.goto(`/actions/${actionId}`);
    await waitForHydration(this.page);
  }

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  /** The action's own status badge, in its heading. */
  status(): Locator {
    return this.heading().getByTestId("action-status");
  }

  progress(): Locator {
    return this.page.getByRole("progressbar", { name: "Progress" });
  }

  items(): Locator {
    return this.page.getByTestId("action-item");
  }

  retryButton(): Locator {
    return this.page.getByRole("button", { name: /Retry/ });
  }

  cancelButton(): Locator {
    return this.page.getByRole("button", { name: /Cancel/ });
  }
}

/** /actions: every action, newest first. */
export class ActionsListPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/actions");
    await waitForHydration(this.page);
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "Actions" });
  }

  row(actionId: number): Locator {
    return this.page.getByTestId("action-row").filter({ has: this.page.getByRole("link", { name: `#${actionId}`, exact: true }) });
  }
}
