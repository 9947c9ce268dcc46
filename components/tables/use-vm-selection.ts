"use client";

import { useSearchParams } from "next/navigation";
import { parseSelection, serializeSelection } from "./vm-selection";

/** The ticked VMs held in the URL, rewritten in place like the list's filters. */
export function useVmSelection(): [number[], (ids: number[]) => void] {
  const params = useSearchParams();
  const selected = parseSelection(params);

  function setSelected(ids: number[]) {
    // Commas need no escaping in a query string; "1,2,3" reads better than "1%2C2%2C3".
    const search = serializeSelection(ids, new URLSearchParams(window.location.search)).toString().replaceAll("%2C", ",");
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }
  return [selected, setSelected];
}
