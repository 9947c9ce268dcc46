import type { Metadata } from "next";
import { EndorserForm } from "@/components/images/endorser-form";
import { getQueryClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Endorser" };

export default async function EndorserPage() {
  const queryClient = getQueryClient();
  const [endorser, lists] = await Promise.all([queryClient.fetchQuery(trpc.images.endorser.queryOptions()), queryClient.fetchQuery(trpc.images.lists.queryOptions())]);
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-bold">Endorser and image lists</h1>
      {endorser ? (
        <section aria-label="Installed endorser" className="rounded border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            <dt className="text-zinc-500">Subject</dt>
            <dd>{endorser.subjectDn}</dd>
            <dt className="text-zinc-500">Issuer</dt>
            <dd>{endorser.issuerDn}</dd>
            <dt className="text-zinc-500">Expires</dt>
            <dd>
              {endorser.notAfter.toISOString().slice(0, 10)} ({endorser.expiry.daysLeft} days)
            </dd>
            <dt className="text-zinc-500">Key</dt>
            <dd>{endorser.keyKept}</dd>
            <dt className="text-zinc-500">Installed</dt>
            <dd>
              by {endorser.installedByName}, {endorser.installedAt.toISOString().slice(0, 10)}
            </dd>
          </dl>
          {endorser.expiry.level !== "ok" && (
            <p role="alert" className="mt-2 rounded bg-amber-100 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              {endorser.expiry.level === "expired" ? "The endorser's certificate has expired: lists signed with it are refused by subscribers." : `The endorser's certificate expires in ${endorser.expiry.daysLeft} days: install a renewed one.`}
            </p>
          )}
        </section>
      ) : (
        <p className="text-sm">No endorser is installed: lists cannot be signed until one is.</p>
      )}
      <section aria-label="Served lists" className="rounded border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="mb-2 font-semibold">Served lists</h2>
        <ul className="flex flex-col gap-1">
          {lists.map((l) => (
            <li key={l.channel}>
              <a className="underline" href={`/api/image-lists/${l.channel}`}>
                {l.channel}
              </a>
              : version {l.version}, {l.imageCount} images, expires {l.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC{l.expired ? " (expired)" : l.expiringSoon ? " (expires soon)" : ""}
            </li>
          ))}
          <li>
            <a className="underline" href="/api/image-lists/trust-anchor.pem">
              trust anchor (CA certificate)
            </a>
          </li>
        </ul>
      </section>
      <h2 className="font-semibold">{endorser ? "Replace the endorser" : "Install the endorser"}</h2>
      <EndorserForm />
    </div>
  );
}
