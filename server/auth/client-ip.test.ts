import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/server/http/peer-address";
import { CLIENT_IP_HEADER, readClientIp, readTrustedProxyHops, withClientIpHeader } from "./client-ip";

/** A request as our HTTP server hands it on: the socket's address stamped, plus whatever X-Forwarded-For arrived. */
const from = (peer: string, forwardedFor?: string) =>
  new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }) });

describe("readClientIp", () => {
  it("without trusted proxies takes the socket's address and ignores any X-Forwarded-For", () => {
    expect(readClientIp(from("203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(readClientIp(from("203.0.113.7", "198.51.100.1"), 0)).toBe("203.0.113.7");
    expect(readClientIp(from("127.0.0.1", "198.51.100.1, 198.51.100.2"), 0)).toBe("127.0.0.1");
    // A dual-stack socket's IPv4-mapped form is the same client as plain IPv4.
    expect(readClientIp(from("::ffff:10.0.0.2", "198.51.100.1"), 0)).toBe("10.0.0.2");
  });

  it("with N trusted proxies takes the entry N places from the right when the socket's peer is on a proxy network", () => {
    expect(readClientIp(from("10.0.0.9", "6.6.6.6, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(readClientIp(from("::1", "6.6.6.6, 203.0.113.7, 10.0.0.1"), 2)).toBe("203.0.113.7");
    // A shorter chain than configured: the leftmost entry, which a trusted proxy wrote.
    expect(readClientIp(from("192.168.1.5", "203.0.113.7"), 2)).toBe("203.0.113.7");
    // A proxy that forwarded no address: the proxy's own is all there is.
    expect(readClientIp(from("192.168.1.5"), 1)).toBe("192.168.1.5");
  });

  it("with trusted proxies configured, a client reaching the web directly from a public address is that address, whatever it forwards", () => {
    expect(readClientIp(from("203.0.113.7", "198.51.100.1"), 1)).toBe("203.0.113.7");
    expect(readClientIp(from("2001:db8::7", "198.51.100.1, 198.51.100.2"), 2)).toBe("2001:db8::7");
  });

  it("gives null without a stamped socket address, and for a malformed entry a proxy forwarded", () => {
    expect(readClientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }), 0)).toBeNull();
    expect(readClientIp(new Headers({ [PEER_ADDRESS_HEADER]: "not-an-ip" }), 0)).toBeNull();
    expect(readClientIp(from("10.0.0.9", "1.2.3.4, not-an-ip"), 1)).toBeNull();
  });

  it("reads CLOUDSCOPE_TRUSTED_PROXIES as a hop count and refuses anything else", () => {
    expect(readTrustedProxyHops({})).toBe(0);
    expect(readTrustedProxyHops({ CLOUDSCOPE_TRUSTED_PROXIES: " 2 " })).toBe(2);
    expect(() => readTrustedProxyHops({ CLOUDSCOPE_TRUSTED_PROXIES: "10.0.0.1" })).toThrow(/number of proxy hops/);
  });
});

describe("withClientIpHeader", () => {
  it("replaces a client-sent address header with the resolved one", () => {
    const out = withClientIpHeader(new Headers({ [PEER_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "6.6.6.6", [CLIENT_IP_HEADER]: "6.6.6.6" }), 0);
    expect(out.get(CLIENT_IP_HEADER)).toBe("203.0.113.7");
    expect(withClientIpHeader(new Headers({ [CLIENT_IP_HEADER]: "6.6.6.6" }), 0).has(CLIENT_IP_HEADER)).toBe(false);
  });
});
