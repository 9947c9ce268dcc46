import fs from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

export interface PageLoad {
  /** Navigation start to the end of the load event, per run, in ms. */
  samples: number[];
  /** Set when a run did not answer 2xx, since its timing would then mean nothing. */
  failure: string | null;
}

/** Loads `url` `runs` times, each in a freshly launched browser (empty cache, new profile), sending `cookie` if given. */
export async function measurePageLoad(url: string, { runs = 3, cookie }: { runs?: number; cookie?: string } = {}): Promise<PageLoad> {
  const samples: number[] = [];
  let failure: string | null = null;
  for (let i = 0; i < runs; i++) {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
    try {
      const page = await browser.newPage({ extraHTTPHeaders: cookie ? { cookie } : {} });
      const response = await page.goto(url, { waitUntil: "load", timeout: 30_000 });
      if (!response?.ok()) failure ??= `HTTP ${response?.status() ?? "no response"} for ${new URL(url).pathname}`;
      samples.push(
        await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          return (nav.loadEventEnd || nav.loadEventStart) - nav.startTime;
        }),
      );
    } finally {
      await browser.close();
    }
  }
  return { samples, failure };
}
