import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /settings/tokens: one's own API tokens. */
export class TokensPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/settings/tokens");
    await waitForHydration(this.page);
  }

  /** Creates a token and returns its secret, read from the one place it is ever shown. */
  async create(name: string, scope: string): Promise<string> {
    const form = this.page.getByRole("form", { name: "New API token" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Scope").selectOption(scope);
    await form.getByRole("button", { name: "Create token" }).click();
    return (await this.page.getByLabel("New token").textContent()) ?? "";
  }

  row(name: string): Locator {
    return this.page.getByRole("table", { name: "API tokens" }).getByRole("row").filter({ has: this.page.getByRole("rowheader", { name }) });
  }

  async revoke(name: string): Promise<void> {
    await this.row(name).getByRole("button", { name: `Revoke ${name}` }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  }
}
