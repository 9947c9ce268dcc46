import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { test, expect } from "./fixtures";
import { TokensPage } from "./pages/tokens-page";

/**
 * Issue 13: an operator makes a read-only token on the settings page, a script without cookies
 * reads with it (even from another site's origin), is refused actions beyond its scope, and
 * gets 401 once the token is revoked.
 */
test.use({ role: "operator" });

let script: APIRequestContext;
test.beforeAll(async () => {
  script = await playwrightRequest.newContext({ baseURL: process.env.CLOUDSCOPE_E2E_URL, storageState: { cookies: [], origins: [] } });
});
test.afterAll(async () => {
  await script.dispose();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test("a token is shown once, works without cookies within its scope, and stops when revoked", async ({ page, expectAccessible }) => {
  const tokens = new TokensPage(page);
  await tokens.open();
  const name = `grafana-${Date.now()}`;
  const token = await tokens.create(name, "shifter");
  expect(token).toMatch(/^cst_/);
  await expectAccessible(page);

  const read = await script.get("/api/trpc/overview.get", { headers: bearer(token) });
  expect(read.status()).toBe(200);
  const drain = await script.post("/api/trpc/actions.drain", { headers: { ...bearer(token), origin: "https://elsewhere.example" }, data: { json: { vmIds: [1], idempotencyKey: "e2e-token-drain" } } });
  expect(drain.status()).toBe(403);
  expect(await drain.text()).toContain("vms.drain");
  expect((await script.get("/api/trpc/overview.get", { headers: bearer(`${token.slice(0, -1)}x`) })).status()).toBe(401);

  // The same token and rules on the REST surface, described by the document and the reference page.
  const clouds = await script.get("/api/v1/clouds", { headers: bearer(token) });
  expect(clouds.status()).toBe(200);
  expect(((await clouds.json()) as unknown[]).length).toBeGreaterThan(0);
  const launch = await script.post("/api/v1/actions/launch", { headers: bearer(token), data: { cloudId: 1, imageId: "x", flavorId: "y", queue: "Q", count: 1, idempotencyKey: crypto.randomUUID() } });
  expect(launch.status()).toBe(403);
  expect(((await (await script.get("/api/openapi.json")).json()) as { openapi: string }).openapi).toBe("3.1.0");
  await tokens.open();
  await page.getByRole("link", { name: "REST API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "REST API" })).toBeVisible();
  await expect(page.getByRole("region", { name: "POST /api/v1/actions/launch" })).toContainText("Needs the permission vms.launch (operator or higher)");
  await expect(page.getByRole("table", { name: "Inputs of GET /api/v1/vms" })).toContainText("states");
  await expectAccessible(page);

  await tokens.open();
  await expect(page.getByLabel("New token")).toHaveCount(0);
  await expect(tokens.row(name)).not.toContainText("never");
  await tokens.revoke(name);
  await expect(tokens.row(name)).toContainText("revoked");
  expect((await script.get("/api/trpc/overview.get", { headers: bearer(token) })).status()).toBe(401);
});
