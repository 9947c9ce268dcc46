/** Where a request came from, for the audit log: the first X-Forwarded-For hop, else X-Real-IP. */
export function readClientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded) return forwarded;
  return headers.get("x-real-ip")?.trim() || null;
}
