import type { Db } from "@/db/client";
import { recordSsoRefusal } from "@/server/services/record-sso-refusal";
import { CLIENT_IP_HEADER } from "./client-ip";

type Handler = (request: Request) => Promise<Response>;

/**
 * better-auth answers every refused provider callback (wrong state, replayed code, a token that
 * fails verification, no mapped group) with a redirect carrying `?error=`, and a sign-in it cannot
 * start (the provider was down when the console tried to discover it) with an error status and a
 * JSON code; this records each one in the audit log, so the refusals of all causes are audited in one place.
 */
export function auditSsoRefusals(db: Db, handler: Handler): Handler {
  return async (request) => {
    const response = await handler(request);
    const { pathname } = new URL(request.url);
    const ip = request.headers.get(CLIENT_IP_HEADER);
    if (pathname.endsWith("/sign-in/social") && response.status >= 400) {
      const body = (await response.clone().json().catch(() => null)) as { code?: unknown; message?: unknown } | null;
      const code = typeof body?.code === "string" ? body.code.toLowerCase() : `http_${response.status}`;
      await recordSsoRefusal({ db, code, detail: null, ip });
      return response;
    }
    if (!pathname.includes("/callback/")) return response;
    const location = response.headers.get("location");
    const target = location ? new URL(location, request.url) : null;
    const code = target?.searchParams.get("error");
    if (target && code) await recordSsoRefusal({ db, code, detail: target.searchParams.get("error_description"), ip });
    return response;
  };
}
