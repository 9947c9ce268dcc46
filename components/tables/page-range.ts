import { formatCount } from "@/components/format/format-number";

/**
 * What the pager says: "51–100 of 230 VMs", or "No VMs" rather than "0–0 of 0"; and the page to
 * show instead when the URL asks for one past the last ("page 999 of 9"), else null.
 */
export function describePageRange({ page, pageCount, pageSize, total, noun }: { page: number; pageCount: number; pageSize: number; total: number; noun: string }): {
  text: string;
  clampTo: number | null;
} {
  const lastPage = Math.max(1, pageCount);
  const clampTo = page > lastPage ? lastPage : null;
  if (total === 0) return { text: `No ${noun}`, clampTo };
  const shown = Math.min(page, lastPage);
  const first = (shown - 1) * pageSize + 1;
  const last = Math.min(shown * pageSize, total);
  return { text: `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} ${noun}`, clampTo };
}
