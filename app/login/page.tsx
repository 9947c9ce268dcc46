import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/components/auth/safe-next";
import { toSearchParams } from "@/components/url/to-search-params";
import { OIDC_PROVIDER_ID, readOidcConfig } from "@/server/auth/create-auth";
import { readEnv } from "@/server/config/env";
import { describeSsoRefusal } from "@/server/domain/sso-refusals";
import { getQueryClient, trpc } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = toSearchParams(await searchParams);
  const next = safeNextPath(params.get("next"));
  const me = await getQueryClient().fetchQuery(trpc.session.me.queryOptions());
  if (me) redirect(next);
  const env = readEnv();
  const oidc = readOidcConfig(env) ? { providerId: OIDC_PROVIDER_ID, label: env.CLOUDSCOPE_OIDC_NAME } : null;
  // Set by better-auth when it refuses a provider's answer (SSO_ERROR_PATH); the code alone, never its free text.
  const refused = params.get("error");
  return (
    <div className="mx-auto mt-16 w-full max-w-sm rounded border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="mb-1 text-lg font-bold">Sign in to cloudscope</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">The operations console for ATLAS clouds.</p>
      <LoginForm next={next} oidc={oidc} localLogin={env.CLOUDSCOPE_LOCAL_LOGIN} ssoRefusal={refused ? describeSsoRefusal(refused) : null} />
    </div>
  );
}
