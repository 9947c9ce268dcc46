/**
 * CSRF defence for state-changing requests, beside the SameSite=Lax session cookie: a
 * browser marks where a request comes from (Sec-Fetch-Site, Origin); refuse any other site.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return false;
  const origin = headers.get("origin");
  if (!origin) return true;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Whether a state-changing request may proceed: a script's call with an Authorization header
 * is judged by that header alone (never by cookies, which it need not carry, see readActor), and
 * a browser cannot attach one cross-site without CORS, which the console does not grant; cookie requests must come from our own pages.
 */
export function isAllowedStateChange(headers: Headers): boolean {
  return headers.has("authorization") || isSameOriginRequest(headers);
}
