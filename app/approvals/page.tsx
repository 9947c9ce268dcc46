import type { Metadata } from "next";
import { PendingApproval } from "@/components/images/pending-approval";
import { getQueryClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const pending = await getQueryClient().fetchQuery(trpc.images.pendingApprovals.queryOptions());
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-bold">Approvals</h1>
      {pending.length === 0 ? <p className="text-sm">Nothing waits for approval.</p> : pending.map((p) => <PendingApproval key={p.version.id} {...p} />)}
    </div>
  );
}
