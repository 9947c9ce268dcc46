"use client";

import { useSearchParams } from "next/navigation";
import { buildExportHref } from "@/components/url/export-request";
import { EXPORT_FORMATS, type ExportView } from "@/server/domain/export-format";

const LINK =
  "rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Downloads of every row the page's current filter matches (not just this page), as CSV or JSON. */
export function ExportLinks({ view, what }: { view: ExportView; what: string }) {
  const params = useSearchParams();
  return (
    <div role="group" aria-label={`Export ${what}`} className="flex items-center gap-1">
      {EXPORT_FORMATS.map((format) => (
        <a key={format} href={buildExportHref(view, params, format)} download className={LINK}>
          Export {format.toUpperCase()}
        </a>
      ))}
    </div>
  );
}
