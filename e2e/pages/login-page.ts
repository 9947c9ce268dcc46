import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /login: username, password, one button; errors in an alert. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async open(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
    await waitForHydration(this.page);
  }

  async signIn(username: string, password: string): Promise<void> {
    await waitForHydration(this.page);
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  error(): Locator {
    return this.page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }
}
