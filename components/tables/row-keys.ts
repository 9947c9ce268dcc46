/** The VMs table's keys, listed under "?". */
export const VM_TABLE_SHORTCUTS = [
  { keys: "Tab", what: "the next row (each row is one stop), then the pages" },
  { keys: "↑ ↓ Home End", what: "move between rows" },
  { keys: "Space", what: "select or unselect the row" },
  { keys: "Enter", what: "open the VM's page" },
  { keys: "m", what: "the row's actions: open, copy id, drain, destroy (↑ ↓ to choose, Esc to close)" },
  { keys: "/", what: "search by name, IP or provider id" },
  { keys: "d", what: "drain the selected VMs" },
  { keys: "?", what: "show these shortcuts" },
] as const;

/** The row to focus after a key, or null when the key does not move between rows. */
export function nextRowIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return Math.min(index + 1, count - 1);
    case "ArrowUp":
      return Math.max(index - 1, 0);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** Whether a key press is typing into a field (so a shortcut must not take it). */
export function isTypingInto(target: { tagName?: string; isContentEditable?: boolean } | null): boolean {
  const tag = target?.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target?.isContentEditable === true;
}
