import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /admin/users as an admin sees it. */
export class UsersPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/admin/users");
    await waitForHydration(this.page);
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "Users" });
  }

  row(username: string): Locator {
    return this.table().getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${username}\\b`) }) });
  }

  async create(username: string, password: string, role: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Username").fill(username);
    await form.getByLabel("Password").fill(password);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Add user" }).click();
  }

  roleSelect(username: string): Locator {
    return this.page.getByRole("combobox", { name: `Role of ${username}` });
  }

  /** The confirmation every role change and disable asks for. */
  confirmDialog(): Locator {
    return this.page.getByRole("dialog");
  }

  /** Picks a role and confirms it in the dialog, which names the user and both roles. */
  async changeRole(username: string, from: string, to: string): Promise<void> {
    await this.roleSelect(username).selectOption(to);
    const dialog = this.confirmDialog();
    await expect(dialog).toContainText(`${username}: ${from} → ${to}`);
    await dialog.getByRole("button", { name: `Make ${username} ${to}` }).click();
    await expect(dialog).toBeHidden();
  }

  async disable(username: string): Promise<void> {
    await this.row(username).getByRole("button", { name: `Disable ${username}` }).click();
    const dialog = this.confirmDialog();
    await expect(dialog).toHaveAccessibleName(`Disable ${username}?`);
    await dialog.getByRole("button", { name: `Disable ${username}` }).click();
    await expect(dialog).toBeHidden();
  }
}
