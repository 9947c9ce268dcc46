import type { IncomingMessage, RequestListener } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * The address at the other end of the request's TCP connection, which only our own HTTP
 * server (server/http/web-server.ts) can see: Next's route handlers are not given the socket.
 */
export const PEER_ADDRESS_HEADER = "x-cloudscope-peer";

/** Headers only this process may set; a client's copies are dropped before Next sees the request. */
const PRIVATE_HEADERS = [PEER_ADDRESS_HEADER, "x-cloudscope-client-ip"];

/** Replaces any client-sent private header and records the socket's address in PEER_ADDRESS_HEADER. */
export function stampPeerAddress(req: IncomingMessage): void {
  for (const name of PRIVATE_HEADERS) delete req.headers[name];
  const peer = req.socket.remoteAddress;
  if (peer) req.headers[PEER_ADDRESS_HEADER] = peer;
}

/** Wraps a request handler so every request it serves carries its socket's address. */
export function withPeerAddress(handle: RequestListener): RequestListener {
  return (req, res) => {
    stampPeerAddress(req);
    return handle(req, res);
  };
}

/** An IP address in one spelling per host: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, a dual-stack socket's view) as IPv4; null if not an address. */
export function normalizeAddress(value: string | null | undefined): string | null {
  const address = value?.trim() ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return isIP(address) ? address : null;
}

/** Loopback, private (RFC 1918, IPv6 unique-local) and link-local networks: where a reverse proxy in front of the web connects from. */
const PROXY_NETWORKS = new BlockList();
PROXY_NETWORKS.addSubnet("127.0.0.0", 8, "ipv4");
PROXY_NETWORKS.addSubnet("10.0.0.0", 8, "ipv4");
PROXY_NETWORKS.addSubnet("172.16.0.0", 12, "ipv4");
PROXY_NETWORKS.addSubnet("192.168.0.0", 16, "ipv4");
PROXY_NETWORKS.addSubnet("169.254.0.0", 16, "ipv4");
PROXY_NETWORKS.addAddress("::1", "ipv6");
PROXY_NETWORKS.addSubnet("fc00::", 7, "ipv6");
PROXY_NETWORKS.addSubnet("fe80::", 10, "ipv6");

/** True for a (normalized) address a trusted proxy may connect from; a public address is always a client. */
export function isProxyNetworkAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && PROXY_NETWORKS.check(address, family === 4 ? "ipv4" : "ipv6");
}
