import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

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
