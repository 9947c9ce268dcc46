import Link from "next/link";

export interface ListStanding {
  channel: string;
  expiresAt: Date;
  expired: boolean;
  expiringSoon: boolean;
}

/** On the overview: a served list that expired or is about to without being re-signed (is the worker running?). */
export function ImageListWarning({ lists }: { lists: ListStanding[] }) {
  const bad = lists.filter((l) => l.expired || l.expiringSoon);
  if (bad.length === 0) return null;
  return (
    <p role="alert" className="mb-3 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm dark:border-amber-700 dark:bg-amber-950/40">
      {bad.map((l) => `The ${l.channel} image list ${l.expired ? "expired" : "expires"} at ${l.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`).join("; ")}
      {" "}without being re-signed: subscribers will drop its images. Check that a worker runs and the endorser is valid (
      <Link href="/images/endorser" className="underline">
        endorser and lists
      </Link>
      ).
    </p>
  );
}
