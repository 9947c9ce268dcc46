/** The column headers of a plain table; an empty header is read out as "Actions". */
export function HeaderCells({ headers }: { headers: readonly string[] }) {
  return headers.map((h, i) => (
    <th key={i} scope="col" className="px-2 py-1 text-left font-semibold whitespace-nowrap">
      {h === "" ? <span className="sr-only">Actions</span> : h}
    </th>
  ));
}
