import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, readClientIp, readTrustedProxyHops, withClientIpHeader } from "./client-ip";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("readClientIp", () => {
  it("without trusted proxies takes the rightmost entry, never the client's own leftmost ones", () => {
    expect(readClientIp(xff("203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(readClientIp(xff("1.2.3.4, 203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(readClientIp(xff("1.2.3.4,::ffff:10.0.0.2"), 0)).toBe("::ffff:10.0.0.2");
  });

  it("with N trusted proxies takes the entry N places from the right", () => {
    expect(readClientIp(xff("6.6.6.6, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(readClientIp(xff("6.6.6.6, 203.0.113.7, 10.0.0.1"), 2)).toBe("203.0.113.7");
    // A shorter chain than configured: the leftmost entry, which a trusted proxy wrote.
    expect(readClientIp(xff("203.0.113.7"), 2)).toBe("203.0.113.7");
  });

  it("ignores X-Real-IP and gives null for a missing or malformed address", () => {
    expect(readClientIp(new Headers({ "x-real-ip": "1.2.3.4" }), 0)).toBeNull();
    expect(readClientIp(xff("1.2.3.4, not-an-ip"), 0)).toBeNull();
    expect(readClientIp(xff(" , "), 0)).toBeNull();
  });

  it("reads CLOUDSCOPE_TRUSTED_PROXIES as a hop count and refuses anything else", () => {
    expect(readTrustedProxyHops({})).toBe(0);
    expect(readTrustedProxyHops({ CLOUDSCOPE_TRUSTED_PROXIES: " 2 " })).toBe(2);
    expect(() => readTrustedProxyHops({ CLOUDSCOPE_TRUSTED_PROXIES: "10.0.0.1" })).toThrow(/number of proxy hops/);
  });
});

describe("withClientIpHeader", () => {
  it("replaces a client-sent address header with the resolved one", () => {
    const out = withClientIpHeader(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7", [CLIENT_IP_HEADER]: "6.6.6.6" }), 0);
    expect(out.get(CLIENT_IP_HEADER)).toBe("203.0.113.7");
    expect(withClientIpHeader(new Headers({ [CLIENT_IP_HEADER]: "6.6.6.6" }), 0).has(CLIENT_IP_HEADER)).toBe(false);
  });
});
