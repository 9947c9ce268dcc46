import { describe, expect, it } from "vitest";
import { isAllowedStateChange, isSameOriginRequest } from "./same-origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("isSameOriginRequest", () => {
  it("accepts the console's own pages and non-browser clients", () => {
    expect(isSameOriginRequest(h({ host: "console.cern.ch", origin: "https://console.cern.ch", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOriginRequest(h({ host: "localhost:3000" }))).toBe(true);
    expect(isSameOriginRequest(h({ host: "10.0.0.5:3000", "x-forwarded-host": "console.cern.ch", origin: "https://console.cern.ch" }))).toBe(true);
  });

  it("refuses requests a browser marks as coming from another site", () => {
    expect(isSameOriginRequest(h({ host: "console.cern.ch", origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "console.cern.ch", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "console.cern.ch", "sec-fetch-site": "same-site", origin: "https://other.cern.ch" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "console.cern.ch", origin: "null" }))).toBe(false);
  });
});

describe("isAllowedStateChange", () => {
  it("lets a token call through from anywhere but still refuses a cross-site cookie request", () => {
    const crossSite = { host: "console.cern.ch", origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    expect(isAllowedStateChange(h({ ...crossSite, authorization: "Bearer cst_x" }))).toBe(true);
    expect(isAllowedStateChange(h({ ...crossSite, cookie: "cloudscope.session_token=abc" }))).toBe(false);
    expect(isAllowedStateChange(h({ host: "console.cern.ch", origin: "https://console.cern.ch", cookie: "cloudscope.session_token=abc" }))).toBe(true);
  });
});
