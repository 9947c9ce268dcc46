import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { UsersAdmin } from "@/components/admin/users-admin";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  if (!me) redirect("/login?next=%2Fadmin%2Fusers");
  if (!me.permissions.includes("users.manage")) {
    return (
      <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        <h1 className="font-semibold">Users</h1>
        <p className="mt-1">Only admins manage users; you are signed in as {me.role}.</p>
      </div>
    );
  }
  await queryClient.prefetchQuery(trpc.users.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="text-lg font-bold">Users</h1>
      <UsersAdmin currentUserId={me.id} />
    </HydrateClient>
  );
}
