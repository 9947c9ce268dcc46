import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** The Overview as a user sees it: one card per cloud. */
export class OverviewPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/");
    await waitForHydration(this.page);
  }

  card(cloudName: string): Locator {
    return this.page.getByRole("article", { name: `cloud ${cloudName}` });
  }

  cards(): Locator {
    return this.page.locator("article[aria-label^='cloud ']");
  }

  status(cloudName: string): Locator {
    return this.card(cloudName).getByTestId("cloud-status");
  }

  /** The number shown on a card for one VM state. */
  async count(cloudName: string, state: string): Promise<number> {
    const label = await this.card(cloudName).getByTestId(`count-${state}`).getAttribute("aria-label");
    const n = Number(label?.split(" ").at(-1));
    if (!Number.isFinite(n)) throw new Error(`no count for ${state} on ${cloudName}: ${label}`);
    return n;
  }
}
