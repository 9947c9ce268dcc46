/**
 * Only what the pages satisfy: no script-src or style-src, which Next's inline scripts and
 * styles would break; framing, <base>, form targets and plugins are what it shuts.
 */
const CONTENT_SECURITY_POLICY = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

const EVERY_RESPONSE = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

/** Pages and API replies are rendered per user; only hashed build assets and icons are shared. */
const PER_USER = /** @type {const} */ ({ key: "Cache-Control", value: "private, no-store" });
const EXCEPT_STATIC_ASSETS = "/((?!_next/static/|_next/image|favicon\\.ico$|brand/|manifest\\.webmanifest$).*)";

/** @type {import('next').NextConfig} */
module.exports = {
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  typedRoutes: false,
  // Types are checked once, by `npm run lint` (tsc over the whole project, also run first by
  // `npm test`); the build's own pass repeated it on every first `npm start` and e2e run.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/(.*)", headers: EVERY_RESPONSE },
      { source: EXCEPT_STATIC_ASSETS, headers: [PER_USER] },
    ];
  },
};
