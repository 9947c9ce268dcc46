import { and, eq } from "drizzle-orm";
import { auditLog } from "../db/schema";
import { test, expect } from "./fixtures";
import { waitForHydration } from "./pages/hydration";
import { LoginPage } from "./pages/login-page";
import { OverviewPage } from "./pages/overview-page";
import { UsersPage } from "./pages/users-page";
import { pickLoopbackAddress, postJsonFrom } from "./post-from";

test.describe("signed out", () => {
  test("a page sends you to sign in; a wrong password says so and keeps you there", async ({ page }) => {
    await page.goto("/vms?state=running");
    await expect(page).toHaveURL(/\/login\?next=%2Fvms%3Fstate%3Drunning$/);
    const login = new LoginPage(page);
    await login.signIn("shifter", "not-the-password");
    await expect(login.error()).toHaveText("Wrong username or password.");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("link", { name: "Overview" })).toHaveCount(0);
  });

  test("guesses at one username from other addresses are delayed after two failures, and the form says how long", async ({ page, baseURL }) => {
    const username = `e2e_guess_${Date.now().toString(36)}`;
    // USERNAME_SCHEDULE.free in server/domain/sign-in-delay.ts: two failures cost no wait.
    for (let i = 1; i <= 2; i++) {
      // Each guess comes from another address; the per-username delay counts them all.
      const res = await postJsonFrom(pickLoopbackAddress(), `${baseURL}/api/auth/sign-in/username`, { username, password: "guess" });
      expect(res.status).toBe(401);
    }
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(username.toUpperCase(), "another guess");
    await expect(login.error()).toHaveText(/^Too many failed sign-ins; try again in \d+ s\.$/);
  });

  test("the API refuses reads without a session", async ({ request }) => {
    const res = await request.get("/api/trpc/overview.get");
    expect(res.status()).toBe(401);
  });

  test("a shifter signs in, returns to the page asked for, sees the overview but no admin link, and signs out", async ({ page }) => {
    const login = new LoginPage(page);
    await login.open("/vms?state=running");
    await login.signIn("shifter", "demo");
    await expect(page).toHaveURL(/\/vms\?state=running$/);
    await waitForHydration(page);
    await expect(page.getByTestId("signed-in-as")).toHaveText("shifter (shifter)");

    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.cards()).toHaveCount(5);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

    await page.goto("/admin/users");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Only admins manage users");
    await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("as admin", () => {
  test.use({ role: "admin" });

  test("an admin manages users at /admin/users, and each change is audited", async ({ page, consoleDb }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(page.getByTestId("signed-in-as")).toHaveText("admin (admin)");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);

    const users = new UsersPage(page);
    await waitForHydration(page);
    for (const name of ["shifter", "operator", "admin"]) await expect(users.row(name)).toBeVisible();
    // Admins cannot demote or disable themselves.
    await expect(users.roleSelect("admin")).toBeDisabled();
    await expect(users.row("admin").getByRole("button", { name: /Disable/ })).toBeDisabled();

    const username = `e2e_${Date.now().toString(36)}`;
    await users.create(username, "a long enough password", "shifter");
    await expect(page.getByRole("status").filter({ hasText: `Added ${username} (shifter).` })).toBeVisible();
    await expect(users.row(username)).toContainText("active");

    // A role change asks first: cancelling leaves the role as it was.
    await users.roleSelect(username).selectOption("admin");
    await users.confirmDialog().getByRole("button", { name: "Cancel" }).click();
    await expect(users.roleSelect(username)).toHaveValue("shifter");
    await users.changeRole(username, "shifter", "operator");
    await expect(page.getByRole("status").filter({ hasText: `${username} is now operator (was shifter).` })).toBeVisible();
    await expect(users.roleSelect(username)).toHaveValue("operator");
    await users.disable(username);
    await expect(page.getByRole("status").filter({ hasText: `Disabled ${username}.` })).toBeVisible();
    await expect(users.row(username)).toContainText("disabled");

    const verbs = (
      await consoleDb
        .select({ verb: auditLog.verb })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, "user"), eq(auditLog.actorName, "admin")))
        .orderBy(auditLog.id)
        .all()
    ).map((r) => r.verb);
    expect(verbs.slice(-3)).toEqual(["users.create", "users.setRole", "users.setDisabled"]);
  });
});
