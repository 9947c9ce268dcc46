"use client";

import { QueryError } from "@/components/layout/query-error";

/** Next replaces server error messages with a digest in production; this shows it in words. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const message = error.digest
    ? `The server could not render this page (reference ${error.digest}).`
    : "This page failed to render. Reloading usually helps.";
  return <QueryError what="this page" error={{ message }} onRetry={reset} />;
}
