import { isProxyNetworkAddress, normalizeAddress, PEER_ADDRESS_HEADER } from "@/server/http/peer-address";

/**
 * Header the auth route sets to the resolved client address, replacing whatever a client
 * sent, so better-auth's per-IP limit keys on the same address the audit log records.
 */
export const CLIENT_IP_HEADER = "x-cloudscope-client-ip";

/** CLOUDSCOPE_TRUSTED_PROXIES: how many reverse proxies in front of the web append to X-Forwarded-For. */
export function readTrustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CLOUDSCOPE_TRUSTED_PROXIES?.trim();
  if (!raw) return 0;
  if (!/^\d+$/.test(raw)) throw new Error(`CLOUDSCOPE_TRUSTED_PROXIES must be a number of proxy hops (0, 1, 2, …), not "${raw}"`);
  return Number(raw);
}

/**
 * Where a request came from, for the audit log and the sign-in limit: the socket's address
 * (PEER_ADDRESS_HEADER, set by our HTTP server), X-Forwarded-For ignored. Behind `hops`
 * trusted proxies, each appends the address it saw, so the entry `hops` places from the
 * right is the first one a client cannot choose; it is taken only when the socket's peer
 * is itself on a loopback or private network (a proxy), otherwise the peer is the client.
 * Entries further left are ignored. Null when the request did not come through our server.
 */
export function readClientIp(headers: Headers, hops: number = readTrustedProxyHops()): string | null {
  const peer = normalizeAddress(headers.get(PEER_ADDRESS_HEADER));
  if (peer === null || hops === 0 || !isProxyNetworkAddress(peer)) return peer;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // A trusted proxy that forwarded no address leaves the proxy as the only address known.
  if (chain.length === 0) return peer;
  return normalizeAddress(chain[Math.max(0, chain.length - hops)]);
}

/** A copy of the request's headers carrying its resolved client address in CLIENT_IP_HEADER (never the client's own value). */
export function withClientIpHeader(headers: Headers, hops: number = readTrustedProxyHops()): Headers {
  const out = new Headers(headers);
  out.delete(CLIENT_IP_HEADER);
  const ip = readClientIp(headers, hops);
  if (ip) out.set(CLIENT_IP_HEADER, ip);
  return out;
}
