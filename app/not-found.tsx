import Link from "next/link";

export default function NotFound() {
  return (
    <div className="rounded border border-zinc-200 bg-white p-6 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-1">There is nothing at this address: no page, cloud, VM or action by that name or number exists.</p>
      <Link href="/" className="mt-2 inline-block text-sky-700 underline dark:text-sky-400">
        Back to the overview
      </Link>
    </div>
  );
}
