import Link from "next/link";

/** The way from a cloud's header to its site parameters (readable by every role). */
export function SiteParamsLink({ cloudId }: { cloudId: number }) {
  return (
    <Link href={`/clouds/${cloudId}/site-params`} className="mt-2 inline-block text-sm text-sky-700 underline dark:text-sky-400">
      Site parameters and contextualization
    </Link>
  );
}
