/** Stands in for the console's own origin: only same-origin results are kept, so its value never shows. */
const SELF = "http://console.invalid";

/**
 * Where to go after signing in: a path on this site only. Browsers drop tabs and newlines
 * from URLs and read `\` as `/`, so `/\t/evil.example` means `//evil.example`; such input is
 * refused outright, and what is left must resolve to this origin.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, SELF);
  } catch {
    return "/";
  }
  if (url.origin !== SELF) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return "/";
  return path;
}

/** The sign-in page that leads back to `path`. */
export function loginPathFor(path: string): string {
  const next = safeNextPath(path);
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
