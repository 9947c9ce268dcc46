/**
 * The browser's side of better-auth's endpoints (/api/auth/*). Plain fetches: the cookie
 * is set and sent by the browser (HttpOnly), so nothing here ever sees the session token.
 */

export type SignInResult = { ok: true } | { ok: false; message: string };

const JSON_POST = { method: "POST", headers: { "content-type": "application/json" }, credentials: "same-origin" } as const;

/** Turns better-auth's refusal into words a person can act on. */
export function describeSignInFailure(status: number, retryAfterSeconds: number | null, serverMessage: string | undefined): string {
  if (status === 429) {
    // The per-username limit says which wait applies; better-auth's per-address one does not.
    if (serverMessage?.startsWith("Too many failed sign-ins")) return `${serverMessage}.`;
    const wait = retryAfterSeconds && retryAfterSeconds > 0 ? `${retryAfterSeconds} s` : "a minute";
    return `Too many sign-in attempts from your address. Wait ${wait} and try again.`;
  }
  if (status === 401 || status === 422) return "Wrong username or password.";
  if (status === 403) return serverMessage?.includes("disabled") ? "This account is disabled. Ask an admin." : "Sign-in was refused by the server.";
  return "Could not sign in: the server did not answer as expected. Try again.";
}

export async function signInWithPassword(username: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch("/api/auth/sign-in/username", { ...JSON_POST, body: JSON.stringify({ username, password }) });
  } catch {
    return { ok: false, message: "Could not reach the console. Check your connection and try again." };
  }
  if (res.ok) return { ok: true };
  const body = (await res.json().catch(() => null)) as { message?: string } | null;
  const retryAfter = Number(res.headers.get("x-retry-after"));
  return { ok: false, message: describeSignInFailure(res.status, Number.isFinite(retryAfter) ? retryAfter : null, body?.message) };
}

/** Starts the OIDC (e.g. CERN SSO) round trip; the provider sends the browser back to `next`, or to the sign-in page with the reason. */
export async function signInWithOidc(providerId: string, next: string): Promise<SignInResult> {
  const errorCallbackURL = `/login?${new URLSearchParams({ next })}`;
  const res = await fetch("/api/auth/sign-in/social", { ...JSON_POST, body: JSON.stringify({ provider: providerId, callbackURL: next, errorCallbackURL }) }).catch(() => null);
  const body = (await res?.json().catch(() => null)) as { url?: string } | null;
  if (!res?.ok || !body?.url) return { ok: false, message: "Single sign-on is not available right now: the sign-in provider cannot be reached. Try again later." };
  window.location.assign(body.url);
  return { ok: true };
}

/** Ends the console's session; for an SSO user, returns the provider's end-session page to go on to (it sends them back to /login). */
export async function signOut(): Promise<string | null> {
  const res = await fetch("/api/auth/sign-out", { ...JSON_POST, body: JSON.stringify({ callbackURL: "/login", disableRedirect: true }) }).catch(() => null);
  const body = (await res?.json().catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === "string" && /^https?:\/\//.test(body.url) ? body.url : null;
}
