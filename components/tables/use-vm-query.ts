"use client";

import { useSearchParams } from "next/navigation";
import type { ListVmsQuery } from "@/server/services/list-vms";
import { parseVmQuery, serializeVmQuery } from "./vm-query";

/**
 * The VM list query held in the URL, and a setter that rewrites the URL in place.
 * window.history (which Next feeds back into useSearchParams) rather than router.replace:
 * controls answer at once and the browser's own query fetches the rows, instead of a
 * server round trip re-rendering the page on every click or keystroke.
 */
export function useVmQuery(fixedCloudId?: number): [ListVmsQuery, (next: ListVmsQuery) => void] {
  const params = useSearchParams();
  const query = parseVmQuery(params, fixedCloudId);

  function setQuery(next: ListVmsQuery) {
    const search = serializeVmQuery(next, new URLSearchParams(window.location.search), fixedCloudId).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }
  return [query, setQuery];
}
