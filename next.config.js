/** @type {import('next').NextConfig} */
module.exports = {
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  typedRoutes: false,
};
