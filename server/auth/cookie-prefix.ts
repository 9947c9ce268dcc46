/** Names the session cookie (`cloudscope.session_token`, `__Secure-` prefixed over HTTPS). */
export const AUTH_COOKIE_PREFIX = "cloudscope";
