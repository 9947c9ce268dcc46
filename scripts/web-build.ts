import fs from "node:fs";
import path from "node:path";

/** What the Next build is made from: a change to any of these makes .next stale. */
const WEB_SOURCES = ["app", "components", "server", "db", "public", "proxy.ts", "next.config.js"];

/** True when .next is missing or older than any web source, so `npm start` or the bench must build. */
export function isWebBuildStale(root: string = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return WEB_SOURCES.some((entry) => newestMtime(path.join(root, entry)) > builtAt);
}

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), 0);
}
