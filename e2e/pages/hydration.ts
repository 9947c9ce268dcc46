import type { Page } from "@playwright/test";

/** Waits until React has taken over the server-rendered page (see HydrationMarker). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator("html[data-hydrated='true']").waitFor({ state: "attached" });
}
