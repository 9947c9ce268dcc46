"use client";

import { useEffect } from "react";

/**
 * Marks the document once React has hydrated, so browser tests act on live controls
 * rather than on server HTML that hydration would reset.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
