import { createRequire } from "node:module";
import type { NextConfig } from "next";
import { checkCustomRoutes, type Header } from "next/dist/lib/load-custom-routes";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { describe, expect, it } from "vitest";

const nextConfig = createRequire(import.meta.url)("./next.config.js") as NextConfig;

/** The headers Next adds to a response for `pathname`: every matching rule, later ones winning (as Next matches them). */
async function headersFor(pathname: string): Promise<Record<string, string>> {
  const rules = ((await nextConfig.headers?.()) ?? []) as Header[];
  checkCustomRoutes(rules, "header");
  const matching = rules.filter((rule) => getPathMatch(rule.source, { strict: true, removeUnnamedParams: true })(pathname) !== false);
  return Object.fromEntries(matching.flatMap((rule) => rule.headers.map((h) => [h.key.toLowerCase(), h.value])));
}

const PER_USER_PATHS = ["/", "/vms", "/clouds/3", "/actions/12", "/admin/users", "/audit", "/login", "/api/trpc/vms.list", "/api/auth/get-session", "/api/health"];
const STATIC_PATHS = ["/_next/static/chunks/app/page-0a1b2c.js", "/_next/static/css/app.css", "/brand/icon.svg", "/brand/icon-192.png", "/manifest.webmanifest"];

describe("response headers (next.config.js)", () => {
  it.each([...PER_USER_PATHS, ...STATIC_PATHS])("%s may not be framed, sniffed or leak its address", async (path) => {
    const headers = await headersFor(path);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });

  it("the policy restricts no scripts or styles, which Next's inline ones need", async () => {
    const policy = (await headersFor("/"))["content-security-policy"];
    expect(policy).not.toMatch(/(script|style|default)-src/);
    expect(policy).toContain("object-src 'none'");
  });

  it.each(PER_USER_PATHS)("%s is never stored by a browser or proxy", async (path) => {
    expect((await headersFor(path))["cache-control"]).toBe("private, no-store");
  });

  it.each(STATIC_PATHS)("%s keeps Next's own caching", async (path) => {
    expect((await headersFor(path))["cache-control"]).toBeUndefined();
  });
});
