import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readClientIp } from "@/server/auth/client-ip";
import { isProxyNetworkAddress, normalizeAddress, PEER_ADDRESS_HEADER, withPeerAddress } from "./peer-address";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server behind withPeerAddress that answers with the headers the app would have seen. */
async function startEchoServer(): Promise<string> {
  server = createServer(withPeerAddress((req, res) => res.end(JSON.stringify(req.headers))));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

function getFrom(localAddress: string, url: string, headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    request(url, { localAddress, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(JSON.parse(body) as IncomingHttpHeaders));
    })
      .on("error", reject)
      .end();
  });
}

describe("withPeerAddress", () => {
  it("hands on the socket's address in place of the private headers and X-Forwarded-For a client forged", async () => {
    const url = await startEchoServer();
    const seen = await getFrom("127.0.0.3", url, {
      "x-forwarded-for": "198.51.100.1",
      [PEER_ADDRESS_HEADER]: "198.51.100.2",
      "x-cloudscope-client-ip": "198.51.100.3",
    });
    expect(seen[PEER_ADDRESS_HEADER]).toBe("127.0.0.3");
    expect(seen["x-cloudscope-client-ip"]).toBeUndefined();
    // What the audit log and the sign-in limit then take as the client's address.
    const headers = new Headers(Object.entries(seen).map(([name, value]): [string, string] => [name, String(value)]));
    expect(readClientIp(headers, 0)).toBe("127.0.0.3");
  });
});

describe("normalizeAddress and isProxyNetworkAddress", () => {
  it("spells an IPv4-mapped address as IPv4 and refuses what is not an address", () => {
    expect(normalizeAddress("::ffff:192.168.0.4")).toBe("192.168.0.4");
    expect(normalizeAddress(" 2001:db8::1 ")).toBe("2001:db8::1");
    expect(normalizeAddress("localhost")).toBeNull();
    expect(normalizeAddress(null)).toBeNull();
  });

  it("counts loopback, private and link-local networks as where a proxy connects from, public addresses not", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.31.0.1", "192.168.0.4", "169.254.1.1", "::1", "fd00::1", "fe80::1"]) {
      expect(isProxyNetworkAddress(address), address).toBe(true);
    }
    for (const address of ["203.0.113.7", "172.32.0.1", "8.8.8.8", "2001:db8::1"]) expect(isProxyNetworkAddress(address), address).toBe(false);
  });
});
