import { isIP } from "node:net";

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
 * Where a request came from, for the audit log and the sign-in limit. Next appends the
 * socket address to X-Forwarded-For only when the client sent none, and each trusted proxy
 * appends the address it saw, so the entry `hops` places from the right (the rightmost with
 * no proxy) is the first one a client cannot choose. Entries further left are ignored.
 */
export function readClientIp(headers: Headers, hops: number = readTrustedProxyHops()): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const candidate = chain[Math.max(0, chain.length - Math.max(1, hops))]!;
  return isIP(candidate) ? candidate : null;
}

/** A copy of the request's headers carrying its resolved client address in CLIENT_IP_HEADER (never the client's own value). */
export function withClientIpHeader(headers: Headers, hops: number = readTrustedProxyHops()): Headers {
  const out = new Headers(headers);
  out.delete(CLIENT_IP_HEADER);
  const ip = readClientIp(headers, hops);
  if (ip) out.set(CLIENT_IP_HEADER, ip);
  return out;
}
