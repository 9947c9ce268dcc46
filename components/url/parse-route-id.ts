/** The largest id either engine stores in an integer column; a larger one cannot exist. */
const MAX_ROW_ID = 2_147_483_647;

/** A row id from a URL segment, or null when the segment cannot name a row (so the page is a 404). */
export function parseRouteId(raw: string): number | null {
  if (!/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ROW_ID ? id : null;
}
