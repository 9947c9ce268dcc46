import type { Metadata } from "next";
import { ImportListForm } from "@/components/images/import-list-form";
import { TrustedEndorsers } from "@/components/images/trusted-endorsers";
import { getQueryClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Import an image list" };

export default async function ImportListPage() {
  const queryClient = getQueryClient();
  const [trusted, imported] = await Promise.all([queryClient.fetchQuery(trpc.images.trustedEndorsers.queryOptions()), queryClient.fetchQuery(trpc.images.importedLists.queryOptions())]);
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-bold">Import an image list</h1>
      <p className="text-sm">A list is imported only when its S/MIME signature verifies against a trusted endorser&apos;s CA, its signer is that endorser&apos;s allowed DN (and equals hv:dn, its issuer hv:ca), it has not expired, and its hv:version is not lower than last time. Anything else is refused, with the reason, and nothing is written.</p>
      <ImportListForm />
      <h2 className="font-semibold">Imported lists</h2>
      {imported.length === 0 ? (
        <p className="text-sm">No list has been imported yet.</p>
      ) : (
        <ul aria-label="Imported lists" className="flex flex-col gap-1 text-sm">
          {imported.map((l) => (
            <li key={l.identifier}>
              <strong>{l.title}</strong> version {l.version}, signed by {l.endorserDn}; {l.expired ? "expired" : "expires"} {l.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC{l.expired ? " (its images show as expired)" : ""}; imported by {l.importedByName}
            </li>
          ))}
        </ul>
      )}
      <h2 className="font-semibold">Trusted endorsers</h2>
      <TrustedEndorsers rows={trusted} />
    </div>
  );
}
