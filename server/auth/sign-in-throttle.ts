/** Failed password sign-ins allowed per username within the window, whatever address they come from. */
export const FAILED_SIGN_INS_PER_USER = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 10 * 60_000;

const SIGN_IN_PATH = /\/sign-in\/username\/*$/;
/** Beyond this many tracked names, entries with no failure inside the window are dropped. */
const PRUNE_ABOVE = 10_000;

export interface SignInThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

/**
 * The per-username limit in front of better-auth's per-IP one: a client can pick its own
 * X-Forwarded-For, but not the account it guesses at. Memory of the one web process.
 * An attempt counts as a failure from the moment it is let through (so parallel guesses
 * cannot overrun the limit); better-auth's answer then keeps it (401), clears the name's
 * record (success) or withdraws it (any other refusal).
 */
export function createSignInThrottle({ maxFailures = FAILED_SIGN_INS_PER_USER, windowMs = FAILED_SIGN_IN_WINDOW_MS, now = Date.now }: SignInThrottleOptions = {}) {
  const failures = new Map<string, number[]>();

  function recent(name: string, at: number): number[] {
    const kept = (failures.get(name) ?? []).filter((t) => at - t < windowMs);
    if (kept.length > 0) failures.set(name, kept);
    else failures.delete(name);
    return kept;
  }

  function prune(at: number): void {
    if (failures.size <= PRUNE_ABOVE) return;
    for (const name of [...failures.keys()]) recent(name, at);
  }

  /** Serves one auth request through `handle`, refusing a sign-in for a name with too many recent failures. */
  async function guard(request: Request, handle: (request: Request) => Promise<Response>): Promise<Response> {
    if (request.method !== "POST" || !isSignInPath(new URL(request.url).pathname)) return handle(request);
    const body = await request.arrayBuffer();
    const forward = () => new Request(request.url, { method: request.method, headers: request.headers, body });
    // Read the name as better-auth will; a body it cannot be read from is refused, so no format slips past the count.
    const name = await readUsername(forward());
    if (name === null) return Response.json({ code: "USERNAME_REQUIRED", message: "Send a username and a password" }, { status: 400 });

    const at = now();
    prune(at);
    const seen = recent(name, at);
    if (seen.length >= maxFailures) return tooManyFailures(seen[0]! + windowMs - at);
    const stamp = at;
    failures.set(name, [...seen, stamp]);

    const res = await handle(forward());
    if (res.ok) failures.delete(name);
    else if (res.status !== 401) withdraw(name, stamp);
    return res;
  }

  function withdraw(name: string, stamp: number): void {
    const list = failures.get(name);
    if (!list) return;
    const i = list.indexOf(stamp);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) failures.delete(name);
  }

  return { guard };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

function isSignInPath(pathname: string): boolean {
  try {
    return SIGN_IN_PATH.test(decodeURIComponent(pathname).toLowerCase());
  } catch {
    return true;
  }
}

/** The username as better-auth's username plugin will see it (it lower-cases names). */
async function readUsername(request: Request): Promise<string | null> {
  let value: unknown;
  try {
    const type = request.headers.get("content-type")?.toLowerCase() ?? "";
    if (type.includes("form")) value = (await request.formData()).get("username");
    else value = (JSON.parse(await request.text()) as { username?: unknown } | null)?.username;
  } catch {
    return null;
  }
  return typeof value === "string" && value ? value.toLowerCase() : null;
}

function tooManyFailures(retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  return Response.json(
    { code: "TOO_MANY_FAILED_SIGN_INS", message: `Too many failed sign-ins for this user; try again in ${minutes} min` },
    { status: 429, headers: { "retry-after": String(seconds), "x-retry-after": String(seconds) } },
  );
}
