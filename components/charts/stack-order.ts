/**
 * A tooltip item sorter that lists series as they are stacked, top first, so the tooltip reads
 * like the chart beside it (recharts sorts by name by default); unknown series go last.
 */
export function sortByStackOrder(stack: readonly string[]): (item: { dataKey?: unknown }) => number {
  return (item) => {
    const i = stack.indexOf(String(item.dataKey));
    return i === -1 ? Number.MAX_SAFE_INTEGER : stack.length - i;
  };
}
