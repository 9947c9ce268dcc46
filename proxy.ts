import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { loginPathFor } from "@/components/auth/safe-next";
import { AUTH_COOKIE_PREFIX } from "@/server/auth/cookie-prefix";

/**
 * Pages need a session: without a session cookie, go to /login and come back after.
 * Only the cookie's presence is checked here; every tRPC procedure authorises on the server.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request, { cookiePrefix: AUTH_COOKIE_PREFIX })) return NextResponse.next();
  return NextResponse.redirect(new URL(loginPathFor(request.nextUrl.pathname + request.nextUrl.search), request.url));
}

export const config = {
  // Everything but the sign-in page, the API (it answers 401 itself), Next's assets, the icons and the manifest.
  matcher: ["/((?!login|api/|_next/|brand/|manifest.webmanifest|favicon.ico|robots.txt).*)"],
};
