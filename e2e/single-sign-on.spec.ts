import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { auditLog } from "../db/schema";
import { test, expect } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { setOidcFaults, SSO_OPERATOR, SSO_OUTSIDER } from "./sso-users";
import type { TestOidcUser } from "../server/testing/oidc-test-provider";

/** "Sign in with single sign-on", then the provider's own login form (any password). */
async function signInThroughProvider(page: Page, who: TestOidcUser, next = "/"): Promise<void> {
  const login = new LoginPage(page);
  await login.open(next);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.locator('input[name="login"]').fill(who.sub);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
}

test("single sign-on: a group member gets the mapped role and signs out at the provider; a user in no mapped group is refused", async ({ page, pageAs, consoleDb, expectAccessible }) => {
  await signInThroughProvider(page, SSO_OPERATOR, "/vms");
  await expect(page).toHaveURL(/\/vms$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Olga Operator (operator)");

  // Her groups set her role: an admin sees it marked so, with no control to change it.
  const admin = await pageAs("admin");
  await admin.goto("/admin/users");
  const olga = admin.getByRole("row").filter({ hasText: /olga/i });
  await expect(olga).toContainText("operator· follows their groups at the sign-in provider");
  await expect(olga.getByRole("combobox")).toHaveCount(0);
  await expect(admin.getByRole("combobox", { name: /^Role of / }).first()).toBeVisible();

  // Out of the console, then through the provider's end-session page back to the sign-in page.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/vms");
  await expect(page).toHaveURL(/\/login\?next=/);

  await signInThroughProvider(page, SSO_OUTSIDER);
  await expect(page).toHaveURL(/\/login\?.*error=no_mapped_group/);
  await expect(new LoginPage(page).error()).toHaveText(/none of the groups that grant a role in cloudscope/);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  await expectAccessible(page);
  const refusals = await consoleDb.select({ summary: auditLog.summary }).from(auditLog).where(eq(auditLog.verb, "auth.ssoRefused")).all();
  expect(refusals.map((r) => r.summary)).toContain("refused single sign-on (no_mapped_group): otto@example.org is in none of the groups mapped to a role");
});

test("single sign-on refuses a tampered ID token and an answer to a sign-in it never started, each with a clear page and an audit entry", async ({ page, consoleDb }) => {
  const login = new LoginPage(page);
  await setOidcFaults({ tamperIdToken: true });
  try {
    await signInThroughProvider(page, SSO_OPERATOR);
    await expect(page).toHaveURL(/\/login\?.*error=unable_to_get_user_info/);
    await expect(login.error()).toHaveText(/could not be verified\. Nobody was signed in/);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  } finally {
    await setOidcFaults({ tamperIdToken: false });
  }

  // The browser goes to the provider with a state the console never issued; the provider answers with it.
  const { authorization_endpoint: authorize } = (await (await fetch(`${process.env.CLOUDSCOPE_E2E_OIDC}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
  await page.route(
    (url) => url.href.startsWith(authorize) && url.searchParams.has("state"),
    async (route) => {
      const forged = new URL(route.request().url());
      forged.searchParams.set("state", "forged-state");
      await route.continue({ url: forged.href });
    },
  );
  // Olga is still signed in at the provider from above, so it answers at once, without its form.
  await login.open();
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await expect(page).toHaveURL(/\/login\?.*error=state_/);
  await expect(login.error()).toHaveText(/does not belong to a sign-in started here/);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);

  const refusals = await consoleDb.select({ summary: auditLog.summary }).from(auditLog).where(eq(auditLog.verb, "auth.ssoRefused")).all();
  expect(refusals.map((r) => /\((\w+)\)/.exec(r.summary)?.[1])).toEqual(expect.arrayContaining(["unable_to_get_user_info", expect.stringMatching(/^state_/)]));
});
