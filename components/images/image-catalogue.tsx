import Link from "next/link";
import type { ImageVersionRow } from "@/server/services/images/list-image-versions";
import { formatBytes } from "./format-bytes";
import { imageQueryHref, type ImageQuery } from "./image-query";
import { IMAGE_STATE_LOOK, ImageStateBadge } from "./image-state-badge";

const INPUT = "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const TH = "px-2 py-1.5 text-left font-semibold";
const TD = "px-2 py-1.5 align-top";

/** Filters as a plain GET form: the URL is the state, and the page works before hydration. */
export function ImageFilters({ query }: { query: ImageQuery }) {
  return (
    <form method="get" action="/images" role="search" aria-label="Filter images" className="flex flex-wrap items-end gap-2 text-sm">
      <label className="flex flex-col gap-0.5">
        Search
        <input name="q" defaultValue={query.q} placeholder="name, version, notes" className={INPUT} />
      </label>
      <label className="flex flex-col gap-0.5">
        State
        <select name="state" defaultValue={query.state ?? ""} className={INPUT}>
          <option value="">any</option>
          {Object.keys(IMAGE_STATE_LOOK).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        OS
        <input name="os" defaultValue={query.os} className={INPUT} />
      </label>
      <label className="flex flex-col gap-0.5">
        Architecture
        <select name="arch" defaultValue={query.arch ?? ""} className={INPUT}>
          <option value="">any</option>
          <option>x86_64</option>
          <option>aarch64</option>
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        Origin
        <select name="origin" defaultValue={query.origin ?? ""} className={INPUT}>
          <option value="">any</option>
          <option value="ours">ours</option>
          <option value="external">external (imported)</option>
        </select>
      </label>
      <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-white hover:bg-sky-800">
        Filter
      </button>
      <Link href="/images" className="px-2 py-1 underline">
        Clear
      </Link>
    </form>
  );
}

export function ImageVersionsTable({ rows, label }: { rows: ImageVersionRow[]; label: string }) {
  return (
    <div className="overflow-x-auto rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table aria-label={label} className="w-full text-sm">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th className={TH}>Image</th>
            <th className={TH}>Version</th>
            <th className={TH}>State</th>
            <th className={TH}>OS</th>
            <th className={TH}>Arch</th>
            <th className={TH}>Format</th>
            <th className={TH}>Size</th>
            <th className={TH}>Submitted</th>
            <th className={TH}>Endorser</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
              <td className={TD}>
                <Link href={`/images/${v.imageId}`} className="font-medium underline">
                  {v.imageName}
                </Link>
              </td>
              <td className={TD}>{v.version}</td>
              <td className={TD}>
                <ImageStateBadge state={v.state} channel={v.channel} />
              </td>
              <td className={TD}>
                {v.os} {v.osVersion}
              </td>
              <td className={TD}>{v.arch}</td>
              <td className={TD}>{v.diskFormat}</td>
              <td className={TD}>{formatBytes(v.sizeBytes)}</td>
              <td className={TD}>
                {v.submittedByName}, <time dateTime={v.submittedAt.toISOString()}>{v.submittedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</time>
              </td>
              <td className={`${TD} text-xs`}>{v.endorserDn ?? "ours"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImagePager({ query, pageCount, total }: { query: ImageQuery; pageCount: number; total: number }) {
  return (
    <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
      <span>
        {total} version{total === 1 ? "" : "s"}, page {query.page} of {pageCount}
      </span>
      {query.page > 1 && <Link href={imageQueryHref({ ...query, page: query.page - 1 })}>Previous</Link>}
      {query.page < pageCount && <Link href={imageQueryHref({ ...query, page: query.page + 1 })}>Next</Link>}
    </nav>
  );
}
