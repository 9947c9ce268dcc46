import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiTokens } from "@/components/settings/api-tokens";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  if (!me) redirect("/login?next=%2Fsettings%2Ftokens");
  await queryClient.prefetchQuery(trpc.tokens.list.queryOptions({ everyone: false }));
  return (
    <HydrateClient>
      <h1 className="text-lg font-bold">API tokens</h1>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        Scripts call the console with <code>Authorization: Bearer &lt;token&gt;</code>; each call acts as you, with at most the token&apos;s scope, and is audited with its name. The{" "}
        <a href="/api-reference" className="text-sky-700 underline dark:text-sky-400">
          REST API reference
        </a>{" "}
        lists what a script can call.
      </p>
      <ApiTokens role={me.role} />
    </HydrateClient>
  );
}
