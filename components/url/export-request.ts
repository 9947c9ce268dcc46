import { parseActionsQuery, serializeActionsQuery, toActionsListInput } from "@/components/actions/actions-query";
import { parseAuditQuery, serializeAuditQuery, toAuditListInput } from "@/components/audit/audit-query";
import { parseVmQuery, serializeVmQuery } from "@/components/tables/vm-query";
import { EXPORT_FORMATS, type ExportFormat, type ExportView } from "@/server/domain/export-format";
import type { ListActionsInput } from "@/server/services/list-actions";
import type { ListAuditLogInput } from "@/server/services/list-audit-log";
import type { ListVmsQuery } from "@/server/services/list-vms";

/** An export as its URL asks for it: the table, its filter read exactly as the page reads it, and the file's format. */
export type ExportAsked = { format: ExportFormat; fileNameFilter: Array<[string, string]> } & (
  | { view: "vms"; filter: ListVmsQuery }
  | { view: "actions"; filter: ListActionsInput }
  | { view: "audit"; filter: ListAuditLogInput }
);

/** Keys that page or sort the view; an export has every row, so they stay out of its file name. */
const NOT_A_FILTER = new Set(["page", "size", "sort", "dir", "sel", "format", "id"]);

function filterParts(canonical: URLSearchParams): Array<[string, string]> {
  return [...canonical.entries()].filter(([key]) => !NOT_A_FILTER.has(key));
}

/** /api/export/<view>?<the page's own query>&format=csv, or null for a view or format there is none of. */
export function parseExportRequest(view: string, params: URLSearchParams): ExportAsked | null {
  const format = EXPORT_FORMATS.find((f) => f === params.get("format"));
  if (!format) return null;
  switch (view) {
    case "vms": {
      const filter = parseVmQuery(params);
      return { view, format, filter, fileNameFilter: filterParts(serializeVmQuery(filter, new URLSearchParams())) };
    }
    case "actions": {
      const query = parseActionsQuery(params);
      return { view, format, filter: toActionsListInput(query), fileNameFilter: filterParts(serializeActionsQuery(query)) };
    }
    case "audit": {
      const query = parseAuditQuery(params);
      return { view, format, filter: toAuditListInput(query), fileNameFilter: filterParts(serializeAuditQuery(query)) };
    }
    default:
      return null;
  }
}

/** The download link for what a page shows now: its own query string, plus the format. */
export function buildExportHref(view: ExportView, current: URLSearchParams, format: ExportFormat): string {
  const params = new URLSearchParams(current);
  params.delete("sel");
  params.set("format", format);
  return `/api/export/${view}?${params}`;
}
