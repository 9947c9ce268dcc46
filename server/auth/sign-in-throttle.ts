import type { Db } from "@/db/client";
import { reserveSignInAttempt, settleSignInAttempt, type SignInOutcome } from "@/server/services/sign-in-attempts";
import { CLIENT_IP_HEADER } from "./client-ip";

const SIGN_IN_PATH = /\/sign-in\/username\/*$/;
/** Longer than any username better-auth accepts; such a name is refused before it reaches the database. */
const MAX_USERNAME_LENGTH = 100;

export interface SignInThrottleOptions {
  db: Db;
  now?: () => number;
}

/**
 * The progressive delay (server/domain/sign-in-delay.ts) in front of better-auth's per-IP
 * limit, per username and per client address, kept in the database for every web process.
 * An attempt counts as a failure from the moment it is let through (so parallel guesses
 * cannot overrun the delay); better-auth's answer then keeps it (401), clears it (success)
 * or withdraws it (any other refusal).
 */
export function createSignInThrottle({ db, now = Date.now }: SignInThrottleOptions) {
  /** Serves one auth request through `handle`, making a sign-in wait out the delay of its username and address. */
  async function guard(request: Request, handle: (request: Request) => Promise<Response>): Promise<Response> {
    if (request.method !== "POST" || !isSignInPath(new URL(request.url).pathname)) return handle(request);
    const body = await request.arrayBuffer();
    const forward = () => new Request(request.url, { method: request.method, headers: request.headers, body });
    // Read the name as better-auth will; a body it cannot be read from is refused, so no format slips past the count.
    const username = await readUsername(forward());
    if (username === null) return Response.json({ code: "USERNAME_REQUIRED", message: "Send a username and a password" }, { status: 400 });

    const reservation = await reserveSignInAttempt({ db, username, address: request.headers.get(CLIENT_IP_HEADER), now: now() });
    if (!reservation.ok) return tooManyFailures(reservation.retryAfterMs);
    const res = await handle(forward());
    await settleSignInAttempt({ db, reservation, outcome: classifyOutcome(res), now: now() });
    return res;
  }

  return { guard };
}

function classifyOutcome(res: Response): SignInOutcome {
  if (res.ok) return "signed-in";
  return res.status === 401 ? "wrong-password" : "refused";
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
  return typeof value === "string" && value && value.length <= MAX_USERNAME_LENGTH ? value.toLowerCase() : null;
}

function tooManyFailures(retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return Response.json(
    { code: "TOO_MANY_FAILED_SIGN_INS", message: `Too many failed sign-ins; try again in ${seconds} s` },
    { status: 429, headers: { "retry-after": String(seconds), "x-retry-after": String(seconds) } },
  );
}
