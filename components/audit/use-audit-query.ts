"use client";

import { useSearchParams } from "next/navigation";
import { parseAuditQuery, serializeAuditQuery, type AuditQuery } from "./audit-query";

/** The audit page's filters held in the URL, rewritten in place (as the VM list does). */
export function useAuditQuery(): [AuditQuery, (next: AuditQuery) => void] {
  const params = useSearchParams();
  const query = parseAuditQuery(params);

  function setQuery(next: AuditQuery) {
    const search = serializeAuditQuery(next, new URLSearchParams(window.location.search)).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }
  return [query, setQuery];
}
