import type { CSSProperties } from "react";

/** Tooltip colours come from CSS variables set per theme in globals.css. */
export const TOOLTIP_STYLE: CSSProperties = {
  background: "var(--tooltip-bg)",
  border: "1px solid var(--tooltip-border)",
  color: "var(--tooltip-fg)",
  fontSize: 12,
};
